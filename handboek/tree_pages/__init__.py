"""The decision tree as generated files, one module per job.

- `context.py`: what every part shares (numbers, letters, labels, citation links);
- `questions.py`: a page per question, and the wizard's start page;
- `outcomes.py`: a page per outcome, with the reminders of the paths towards it;
- `wizard_json.py`: /beslisboom/beslisboom.json, the wizard's single input;
- `charts.py`: the flowcharts, the overview page and its outline;
- `redirects.py`: a page at every old address of a node;
- `changes.py`: /beslisboom/wijzigingen/, what changed per edition (from the frozen editions).

`handboek/render_tree.py` composes them into `TreePages`.
"""
