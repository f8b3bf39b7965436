{#- Cover of the printed handbook (handboek/print_page.py fills it). Dutch labels; edition from mkdocs.yml. -#}
<div class="voorblad">
  <p class="voorblad-reeks">Landelijk Netwerk zorg/straf</p>
  {%- if config.extra.lokaal and config.extra.lokaal.logo %}
  <p class="voorblad-logo"><img src="../{{ config.extra.lokaal.logo }}" alt="Logo van {{ config.extra.lokaal.naam }}" height="64"></p>
  {%- endif %}
  <h1>{{ config.site_name }}</h1>
  <p class="voorblad-ondertitel">De vuistregels voor de samenwerking tussen Veilig Thuis en de
    strafrechtpartners, met de beslisboom "Mag ik deze gegevens vragen of delen — en hoe?"</p>
  <dl class="voorblad-gegevens">
    <dt>Editie</dt>
    <dd>Versie {{ config.extra.editie.versie }}, {{ config.extra.editie.datum }}</dd>
    <dt>Bron</dt>
    <dd>Vuistregels samenwerking zorg en straf, Landelijk Netwerk zorg/straf (OM, politie,
      3RO, Raad voor de Kinderbescherming en Veilig Thuis). De tekst van de vuistregels is
      letterlijk overgenomen.</dd>
    {%- if config.extra.lokaal %}
    <dt>Lokale aanvulling</dt>
    <dd class="voorblad-lokaal">{{ config.extra.lokaal.naam }}, versie {{ config.extra.lokaal.versie }},
      vastgesteld {{ config.extra.lokaal.vastgesteld }}. Lokale teksten staan in een kader met de naam van
      de organisatie; ze zijn geen onderdeel van de vuistregels. Zie de bijlage Lokale aanvulling.</dd>
    {%- endif %}
    <dt>Let op</dt>
    <dd>Dit handboek ondersteunt de afweging van de professional en vervangt die niet.</dd>
  </dl>
</div>
