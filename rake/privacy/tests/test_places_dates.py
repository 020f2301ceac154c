"""Street addresses, postal codes and dates of birth."""

import pytest

from .conftest import kinds, spans


@pytest.mark.parametrize(
    "text, address",
    [
        ("Perhe asuu osoitteessa Kauppakatu 5 ja odottaa kotikäyntiä.", "Kauppakatu 5"),
        ("Asiakas asuu Kauppakadulla 5 yksin.", "Kauppakadulla 5"),
        ("Nuori majoittuu Jyväskyläntiellä 12 B 4 kaverin luona.", "Jyväskyläntiellä 12 B 4"),
        ("Asunto Koivukujalla 3 as 7 on kylmä.", "Koivukujalla 3 as 7"),
        ("Uusi osoite on Mäntypolku 14a.", "Mäntypolku 14a"),
        ("Kotikäynti Lehmusväylä 8 C 21 sovittiin.", "Lehmusväylä 8 C 21"),
        ("Hän asuu Kyläraitilla 3.", "Kyläraitilla 3"),
        ("Tapaaminen Kuusirinteellä 2 onnistui.", "Kuusirinteellä 2"),
        ("Osoite Kiviranta 11, ei hissiä.", "Kiviranta 11"),
        ("Pohjoinen Rautatiekatu 21 B on toimisto.", "Pohjoinen Rautatiekatu 21 B"),
        ("Aleksis Kiven katu 5 A 3 on uusi osoite.", "Aleksis Kiven katu 5 A 3"),
        ("Toimisto Torkkelinpuistikko 9 on kiinni.", "Torkkelinpuistikko 9"),
        ("Asunto Tähtikaari 7 on vuokra-asunto.", "Tähtikaari 7"),
        ("Kesäpiha 4 B 2, Espoo.", "Kesäpiha 4 B 2"),
        ("asiakas asuu kauppakadulla 5 nykyään", "kauppakadulla 5"),
    ],
)
def test_finnish_addresses(text, address):
    assert spans(text, "address", language="fi") == [address]


@pytest.mark.parametrize(
    "text, address",
    [
        ("Klienten bor på Storgatan 12 A 3 sedan i våras.", "Storgatan 12 A 3"),
        ("Familjen bor på Strandvägen 4.", "Strandvägen 4"),
        ("Den unga övernattar på Kyrkogränd 7 lgh 2.", "Kyrkogränd 7 lgh 2"),
        ("Ny adress: Skolstigen 15 B.", "Skolstigen 15 B"),
        ("Kontoret ligger på Norra Esplanaden 3.", "Norra Esplanaden 3"),
        ("Hon bor på Kvarnbacken 9 i Borgå.", "Kvarnbacken 9"),
        ("Brevet skickas till Skeppsbron 10 B 4.", "Skeppsbron 10 B 4"),
    ],
)
def test_swedish_addresses(text, address):
    assert spans(text, "address", language="sv") == [address]


def test_street_without_a_typical_ending_needs_context():
    assert spans("Perhe asuu osoitteessa Satamalaituri 79, ja kaikki hyvin.", "address") == ["Satamalaituri 79"]
    assert spans("Sari Kinnunen, Pitkäsilta 119c, 50100 Mikkeli.", "address") == ["Pitkäsilta 119c"]


@pytest.mark.parametrize(
    "text",
    [
        "Kauppakadulla sijaitseva toimipiste suljetaan.",
        "Asiakas on asunut Kauppakadulla 5 vuotta.",
        "Kotikadulla 3 kertaa viikossa käyvä ohjaaja.",
        "Storgatan är avstängd i 2 veckor.",
        "Tie 12 km pohjoiseen on suljettu.",
        "Vuonna 2024 ilmoituksia tehtiin 312.",
        "SHL 11 § ja laki 1301/2014.",
    ],
)
def test_not_addresses(text):
    assert spans(text, "address") == []


@pytest.mark.parametrize(
    "text, postal",
    [
        ("Postiosoite 40100 Jyväskylä.", "40100 Jyväskylä"),
        ("Osoite Kauppakatu 5, 00100 Helsinki.", "00100 Helsinki"),
        ("Postinumero FI-40100.", "FI-40100"),
        ("Adressen är 65100 Vasa.", "65100 Vasa"),
        ("Postadress 68600 JAKOBSTAD.", "68600 JAKOBSTAD"),
        ("Kirje osoitteeseen 40100 Jyväskylässä asuvalle.", "40100 Jyväskylässä"),
        ("Postinumero on 33100.", "33100"),
    ],
)
def test_postal_codes(text, postal):
    assert spans(text, "postal_code") == [postal]


@pytest.mark.parametrize(
    "text",
    ["Kustannukset olivat 12500 euroa.", "Asiakkaita oli 12500. Helsinki maksaa.", "Vuonna 2024 Jyväskylässä."],
)
def test_not_postal_codes(text):
    assert spans(text, "postal_code") == []


@pytest.mark.parametrize(
    "text, date",
    [
        ("Asiakas, s. 12.3.1987, on asunnoton.", "12.3.1987"),
        ("Asiakas (s. 12.3.1987) tarvitsee tukea.", "12.3.1987"),
        ("Hän on syntynyt 12.3.1987 Oulussa.", "12.3.1987"),
        ("Syntymäaika 12.03.1987 oli väärin.", "12.03.1987"),
        ("Syntymäaika: 1987-03-12.", "1987-03-12"),
        ("12.3.1987 syntynyt nuori ohjattiin eteenpäin.", "12.3.1987"),
        ("Nuori on syntynyt Oulussa 12. maaliskuuta 1987.", "12. maaliskuuta 1987"),
        ("Klienten är född 4.5.1990 i Vasa.", "4.5.1990"),
        ("Klienten (f. 4.5.1990) behöver stöd.", "4.5.1990"),
        ("Barnet är fött den 4 maj 2015.", "4 maj 2015"),
        ("Födelsedatum: 1990-05-04.", "1990-05-04"),
        ("The client was born 1990-05-04.", "1990-05-04"),
        ("Hon är född i Jakobstad den 4.5.1990.", "4.5.1990"),
    ],
)
def test_dates_of_birth(text, date):
    assert spans(text, "date_of_birth") == [date]


def test_bracketed_date_after_a_name_is_a_birth_date():
    assert kinds("Asiakas Matti Virtanen (12.3.1987) kävi tänään.", language="fi") == [
        ("person_name", "Matti Virtanen"),
        ("date_of_birth", "12.3.1987"),
    ]


def test_year_of_birth_has_a_low_score():
    from rake.privacy.detectors import scan

    (f,) = scan("Asiakas on syntynyt vuonna 1987.")
    assert (f.kind, f.reason) == ("date_of_birth", "year_of_birth") and f.score <= 0.5


@pytest.mark.parametrize(
    "text",
    [
        "12.3.2025 pidetyssä palaverissa sovittiin jatkosta.",
        "Päätös tehtiin 20.1.2025 ja valitusaika on 30 päivää.",
        "Vid mötet den 12.3.2025 bestämdes åtgärderna.",
        "Syntyvyys laski vuonna 2023 ennätysalhaiseksi.",
        "Barn som föddes 2020 omfattas av reformen.",
        "Vuonna 2024 syntyneitä lapsia oli 1 845.",
        "Katso s. 12–14 ja s. 2019.",
    ],
)
def test_dates_that_are_not_births(text):
    assert spans(text, "date_of_birth") == []
