"""Things that look like personal data but are not: none of these may be flagged."""

import pytest

from rake.privacy.detectors import scan

FINNISH = [
    "Kela myönsi perustoimeentulotukea 1 250 € kuukaudessa.",
    "Asiakas ohjattiin ensisuojaan, ja A-klinikan työntekijä osallistui palaveriin.",
    "Vamos, Diakonissalaitos, Sininauha ja Y-Säätiö tarjoavat tukea.",
    "THL:n ja ARA:n tiedot haettiin Sotkanetista.",
    "TE-toimisto ei käsitellyt asiaa, mutta Omaolo-palvelu toimi.",
    "Sosiaalihuoltolain 7 §:n mukaan ja SHL 11 § huomioiden.",
    "Laki 1301/2014 ja laki 1412/1997 ovat voimassa.",
    "12.3.2025 pidetyssä palaverissa sovittiin jatkosta.",
    "Vuokra on 350 euroa ja laskuja oli 1 250,50 e.",
    "Palaveri alkaa klo 14.30 ja kestää 45 minuuttia.",
    "Noin 40 asiakasta osallistui, mikä on 12 % enemmän kuin vuonna 2024.",
    "Helsingin kaupunki ja Keski-Suomen hyvinvointialue tekevät yhteistyötä.",
    "Maanantaina ja tiistaina vastaanotolla oli ruuhkaa.",
    "Tammikuussa ja helmikuussa hakemuksia tuli paljon.",
    "Jyväskylässä, Äänekoskella ja Laukaassa jonot pitenivät.",
    "Kelan ja Vantaan kaupungin yhteistyö jatkuu.",
    "Pelastakaa Lapset ja Mannerheimin Lastensuojeluliitto järjestävät tukea.",
    "Suomen Punainen Risti jakoi ruoka-apua Kuopiossa.",
    "Kirjaus tehtiin Apottiin ja viesti lähetettiin Teamsin kautta.",
    "Hankkeen budjetti on 250 000 euroa vuosille 2025–2027.",
]
SWEDISH = [
    "FPA beviljade grundläggande utkomststöd på 1 250 € i månaden.",
    "Folkhälsan och Röda Korset ordnar verksamhet i Vasa och Jakobstad.",
    "Enligt THL har bostadslösheten minskat sedan 2008.",
    "Socialvårdslagen 1301/2014 trädde i kraft år 2015.",
    "Vid mötet den 12.3.2025 bestämdes de fortsatta åtgärderna.",
    "Hyran är 850 euro och 40 klienter deltog, 8 % fler än året innan.",
    "Helsingfors stad och Österbottens välfärdsområde samarbetar.",
    "På måndagen kom fler unga än vanligt till mottagningen.",
    "I januari kom rekordmånga ansökningar.",
    "Rädda Barnen stöder barnfamiljer i Borgå och Esbo.",
    "Klienten besökte FPA:s byrå i Karleby.",
    "Mötet hölls kl. 14.30–16.00 i stadshuset.",
]


@pytest.mark.parametrize("text", FINNISH)
def test_finnish_lookalikes_are_clean(text):
    assert [(f.kind, text[f.start : f.end]) for f in scan(text, language="fi")] == []


@pytest.mark.parametrize("text", SWEDISH)
def test_swedish_lookalikes_are_clean(text):
    assert [(f.kind, text[f.start : f.end]) for f in scan(text, language="sv")] == []


@pytest.mark.parametrize("text", FINNISH + SWEDISH)
def test_lookalikes_are_clean_without_voikko_too(text):
    assert scan(text, use_voikko=False) == []
