"""Compiler for the handbook: YAML content in, pages and data out.

Free of MkDocs imports on purpose; the MkDocs hook in hooks/ is the only glue.
"""
