{#- Cover of the printed handbook (mkdocs-print-site). Dutch labels; edition from mkdocs.yml. -#}
<div class="voorblad">
  <p class="voorblad-reeks">Landelijk Netwerk zorg/straf</p>
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
    <dt>Let op</dt>
    <dd>Dit handboek ondersteunt de afweging van de professional en vervangt die niet.</dd>
  </dl>
</div>
