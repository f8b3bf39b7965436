"""Realistic situations and where the decision tree should lead them.

Each scenario gives the answers (by id, from the start) a professional would choose,
the outcome they must reach and rule points that outcome must cite. The engine tests
walk them through the compiled tree; the browser tests click them through the wizard.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    name: str
    situation: str
    answers: tuple[str, ...]
    outcome: str
    must_cite: tuple[str, ...]


SHARE_CHAIN = ("ja", "ja", "ja")  # eigen rol, doel uitgelegd, helpt tegen geweld

SCENARIOS = [
    Scenario("zsm-politie-vraagt-gericht",
             "In het ZSM-overleg vraagt de politie VT naar eerdere meldingen over een gezin, om te "
             "bepalen welke veiligheidsmaatregel nodig is. Het gezin is al geïnformeerd.",
             ("vt-wordt-gevraagd", *SHARE_CHAIN, "deel-nodig", "ja", "nee", "ja", "ja", "nee"),
             "zorgvuldig-delen", ("5.1", "5.4", "6.2")),
    Scenario("alleen-voor-vervolging",
             "De politie wil van VT weten wat een verdachte heeft verteld, alleen om de bewijszaak "
             "rond te krijgen.",
             ("vt-wordt-gevraagd", "ja", "ja", "alleen-taak-ander"),
             "geen-informatie-geheimhouding", ("5.5",)),
    Scenario("ovj-beslist-vandaag",
             "De OvJ wil vandaag beslissen over de afdoening, maar de VT-medewerker heeft nog geen "
             "goede veiligheidsanalyse kunnen maken.",
             ("vt-wordt-gevraagd", *SHARE_CHAIN, "alles-nodig", "tijd-nodig"),
             "tijd-vragen", ("4.4", "5.3")),
    Scenario("verpleegkundige-medische-gegevens",
             "Een VT-medewerker met een BIG-registratie wordt gevraagd naar medische gegevens van "
             "een kind.",
             ("vt-wordt-gevraagd", *SHARE_CHAIN, "alles-nodig", "ja", "ja"),
             "medisch-beroepsgeheim-afwegen", ("inleiding.3", "7.3")),
    Scenario("gezin-nog-niet-geinformeerd",
             "VT wil een casus inbrengen in het overleg, maar heeft het gezin nog niet verteld dat "
             "de casus besproken wordt.",
             ("vt-wil-inbrengen", *SHARE_CHAIN, "deel-nodig", "ja", "nee", "nog-niet"),
             "gezin-informeren", ("7.4",)),
    Scenario("druk-van-officier",
             "Een officier dringt er sterk op aan dat VT het hele dossier deelt.",
             ("vt-wordt-gevraagd", *SHARE_CHAIN, "alles-nodig", "ja", "nee", "goede-redenen", "ja", "ja"),
             "druk-bespreken", ("7.1", "7.3")),
    Scenario("geen-doel-genoemd",
             "Een wijkagent belt VT en vraagt 'alles wat jullie over dit gezin hebben', zonder te "
             "zeggen waarvoor.",
             ("vt-wordt-gevraagd", "ja", "nee"),
             "eerst-doel-bespreken", ("6.1", "7.2")),
    Scenario("vt-zonder-eigen-rol",
             "VT hoort in het overleg over een zaak waarin VT geen eigen rol heeft, en overweegt "
             "toch informatie in te brengen.",
             ("vt-wil-inbrengen", "nee"),
             "geen-eigen-rol", ("5.6", "5.5")),
    Scenario("reclassering-vraagt-goed",
             "Een reclasseringswerker wil VT om informatie vragen voor een veiligheidsplan, weet "
             "welk doel het dient en vraagt alleen wat nodig is.",
             ("partner-wil-vragen", "hoe-vragen", "ja", "ja", "ja"),
             "partner-vraag-stellen", ("6.1", "5.1", "7.1")),
    Scenario("vt-weigert",
             "VT heeft de politie laten weten geen gegevens te verstrekken. De politie wil weten "
             "wat nu.",
             ("partner-wil-vragen", "vt-verstrekt-niet"),
             "veilig-thuis-verstrekt-niet", ("7.1", "7.2", "1.2")),
    Scenario("partner-vraagt-te-veel",
             "Een rechercheur wil voor de zekerheid het hele VT-dossier hebben.",
             ("partner-wil-vragen", "hoe-vragen", "ja", "nee"),
             "partner-minder-vragen", ("5.1",)),
    Scenario("zsm-zonder-corv",
             "Een zaak komt in ZSM, maar er is geen aparte melding bij VT gedaan.",
             ("casus-in-overleg", "ja", "nee"),
             "corv-melding-doen", ("1.4",)),
    Scenario("zsm-vt-heeft-tijd-nodig",
             "In ZSM is de CORV-melding gedaan en VT zit aan tafel, maar de VT-medewerker wil eerst "
             "collega's raadplegen.",
             ("casus-in-overleg", "ja", "ja", "ja", "ja"),
             "tijd-vragen", ("4.4",)),
    Scenario("veiligheid-voorop-zonder-vt",
             "Een casus wordt in Veiligheid Voorop besproken zonder dat VT is uitgenodigd.",
             ("casus-in-overleg", "nee", "nee"),
             "veilig-thuis-betrekken", ("3.1",)),
    Scenario("overleg-dan-delen",
             "In een Veiligheid Voorop-overleg met VT aan tafel wordt gevraagd wat VT weet over de "
             "veiligheid van de kinderen.",
             ("casus-in-overleg", "nee", "ja", "nee", *SHARE_CHAIN, "deel-nodig", "ja", "nee", "ja",
              "ja", "nee"),
             "zorgvuldig-delen", ("5.1", "5.3")),
    Scenario("anoniem-advies",
             "Een wijkagent twijfelt of een situatie huiselijk geweld is en wil VT om advies vragen "
             "zonder namen te noemen.",
             ("advies-zonder-namen",),
             "advies-zonder-persoonsgegevens", ("4.2",)),
    Scenario("capaciteit",
             "VT kan door personeelstekort niet bij elk ZSM-overleg aanschuiven.",
             ("samenwerking-loopt-vast", "capaciteit-of-werkwijze"),
             "knelpunt-samen-aanpakken", ("2.2", "3.2")),
    Scenario("vt-krijgt-niets-terug",
             "VT deelt informatie, maar hoort nooit wat er met een zaak is gebeurd.",
             ("samenwerking-loopt-vast", "informatie-voor-vt"),
             "wederkerigheid", ("3.3",)),
    Scenario("wrijving",
             "Tussen politie en VT is onbegrip ontstaan over een geweigerde vraag om gegevens.",
             ("samenwerking-loopt-vast", "wrijving"),
             "wrijving-bespreken", ("7.2", "4.1")),
]
