"""Phrase book for the synthetic demo observations (Finnish and Swedish).

Everything here is invented and generic: no people, names, identity codes, phone numbers or
addresses. Sentences may use {group} (Finnish nominative plural or Swedish), {group_p} (Finnish
partitive plural) and {Group} (capitalised nominative). Used by `demo.py`.
"""

# code → (fi nominative plural, fi partitive plural, sv)
CLIENT_GROUPS = {
    "families_with_children": ("lapsiperheet", "lapsiperheitä", "barnfamiljer"),
    "children": ("lapset", "lapsia", "barn"),
    "young_people": ("nuoret aikuiset", "nuoria aikuisia", "unga vuxna"),
    "working_age": ("työikäiset", "työikäisiä", "personer i arbetsför ålder"),
    "older_people": ("ikääntyneet", "ikääntyneitä", "äldre"),
    "disabled_people": ("vammaiset henkilöt", "vammaisia henkilöitä", "personer med funktionsnedsättning"),
    "immigrants": ("maahan muuttaneet", "maahan muuttaneita", "inflyttade från utlandet"),
    "unemployed": ("pitkäaikaistyöttömät", "pitkäaikaistyöttömiä", "långtidsarbetslösa"),
    "students": ("opiskelijat", "opiskelijoita", "studerande"),
}

# Sub-theme → client groups and SHL § 11 support needs that go with it, then the texts:
# need (a need or problem), effect_neg / effect_pos (how a service works or fails), good (good practice).
SUBTHEMES = {
    "homelessness.rough_sleeping": {
        "groups": ["working_age", "young_people", "unemployed"], "needs": [2, 3, 8],
        "fi": {
            "need": [
                "Asiakkaina on yhä useammin {group_p}, jotka yöpyvät ulkona, porraskäytävissä tai yömajassa, "
                "koska kriisimajoitusta ei ole riittävästi.",
                "Yömaja on ollut useina öinä täynnä, ja osa asiakkaista on joutunut viettämään yön "
                "rappukäytävissä tai lämmittämättömissä tiloissa.",
            ],
            "effect_neg": ["Sosiaalipäivystyksestä ei aina pystytä osoittamaan yöpaikkaa, jolloin asiakas ohjataan "
                           "odottamaan seuraavaan arkipäivään ilman ratkaisua."],
            "effect_pos": ["Yömajan yhteyteen avattu päiväkeskus on lisännyt sitä, että asunnottomat asiakkaat tulevat "
                           "myös sosiaalityön palvelujen piiriin."],
            "good": ["Kokeilimme etsivää työtä yhdessä järjestön kanssa: työpari kiertää iltaisin paikoissa, joissa "
                     "asunnottomat oleskelevat, ja varaa tarvittaessa yöpaikan heti."],
        },
        "sv": {
            "need": [
                "Allt oftare möter vi {group} som sover utomhus, i trappuppgångar eller på härbärget eftersom det "
                "saknas tillräckligt med akutboende.",
                "Härbärget har flera nätter varit fullt och en del klienter har fått tillbringa natten i trapphus "
                "eller i ouppvärmda utrymmen.",
            ],
            "effect_neg": ["Socialjouren kan inte alltid anvisa en sovplats, och klienten ombeds vänta till nästa "
                           "vardag utan någon lösning."],
            "effect_pos": ["Dagcentret som öppnats i anslutning till härbärget har gjort att fler bostadslösa också "
                           "når socialarbetets tjänster."],
            "good": ["Vi har prövat uppsökande arbete tillsammans med en organisation: ett arbetspar går runt på "
                     "kvällarna där bostadslösa vistas och bokar vid behov en sovplats direkt."],
        },
    },
    "homelessness.hostels": {
        "groups": ["working_age", "unemployed"], "needs": [2, 8, 4],
        "fi": {
            "need": [
                "Asuntolamajoituksessa asuu pitkiä aikoja {group_p}, joille ei löydy pysyvää asuntoa, ja "
                "asuntolajakso venyy kuukausista vuosiin.",
                "Tilapäismajoituksessa olevien asiakkaiden arki on epävakaata: yhteiset tilat, päihteiden käyttö ja "
                "häiriöt vaikeuttavat kuntoutumista.",
            ],
            "effect_neg": ["Tilapäismajoituksesta siirtyminen omaan asuntoon kaatuu usein siihen, että asiakkaalla on "
                           "maksuhäiriömerkintä eikä vuokranantaja hyväksy maksusitoumusta."],
            "effect_pos": ["Asumisohjaajan tapaamiset asuntolassa ovat nopeuttaneet asiakkaiden siirtymistä tuettuun "
                           "asumiseen."],
            "good": ["Asuntolassa aloitettu viikoittainen asumisneuvonnan vastaanotto on auttanut asiakkaita hakemaan "
                     "asuntoja ja hoitamaan rästejä ennen kuin ne kasvavat."],
        },
        "sv": {
            "need": [
                "På härbärgen och i tillfälliga boenden bor allt fler {group} i månader eller år, eftersom det inte "
                "finns någon permanent bostad.",
                "Vardagen för klienter i tillfälligt boende är instabil: gemensamma utrymmen, rusmedelsbruk och "
                "störningar gör rehabiliteringen svår.",
            ],
            "effect_neg": ["Flytten från tillfälligt boende till egen bostad stupar ofta på betalningsanmärkningar, och "
                           "hyresvärdarna godkänner inte en betalningsförbindelse."],
            "effect_pos": ["Boendehandledarens besök på härbärget har gjort att klienter snabbare kommer vidare till "
                           "stödboende."],
            "good": ["Den veckovisa mottagningen för boenderådgivning på härbärget har hjälpt klienterna att söka "
                     "bostad och ta hand om hyresskulder innan de växer."],
        },
    },
    "homelessness.institutions": {
        "groups": ["working_age", "older_people"], "needs": [2, 9],
        "fi": {
            "need": [
                "Osastolla on asiakkaita, jotka voitaisiin kotiuttaa, mutta heillä ei ole asuntoa, johon palata, "
                "joten hoitojakso pitkittyy.",
                "Vankilasta vapautuvilla ei usein ole asuntoa vapautumispäivänä, ja asunnon etsiminen alkaa vasta "
                "vapautumisen jälkeen.",
            ],
            "effect_neg": ["Kotiutuksen suunnittelu alkaa liian myöhään: sosiaalityöntekijä saa tiedon "
                           "asunnottomuudesta vasta kotiutuspäivänä."],
            "effect_pos": ["Kun sosiaalityöntekijä on mukana hoitojakson alusta, asuntoasia ehditään hoitaa kuntoon "
                           "ennen kotiutusta."],
            "good": ["Vankilan ja aikuissosiaalityön yhteinen vapautumissuunnitelma tehtiin kolme kuukautta ennen "
                     "vapautumista, ja asunto oli valmiina vapautumispäivänä."],
        },
        "sv": {
            "need": [
                "På avdelningen finns klienter som kunde skrivas ut men som saknar bostad att återvända till, så "
                "vårdperioden förlängs.",
                "De som friges från fängelse har ofta ingen bostad på frigivningsdagen, och bostadssökandet börjar "
                "först efter frigivningen.",
            ],
            "effect_neg": ["Planeringen av utskrivningen börjar för sent: socialarbetaren får veta om bostadslösheten "
                           "först på utskrivningsdagen."],
            "effect_pos": ["När socialarbetaren är med från början av vårdperioden hinner bostadsfrågan lösas före "
                           "utskrivningen."],
            "good": ["En gemensam frigivningsplan mellan fängelset och socialt arbete för vuxna gjordes tre månader "
                     "före frigivningen, och bostaden var klar på frigivningsdagen."],
        },
    },
    "homelessness.friends_relatives": {
        "groups": ["young_people", "students", "immigrants"], "needs": [2, 4],
        "fi": {
            "need": [
                "Asiakkaina on yhä useammin {group_p}, jotka asuvat tilapäisesti kavereiden tai sukulaisten luona "
                "ilman omaa osoitetta.",
                "Sohvasurffaus jää usein piiloon: asiakas kertoo asunnottomuudestaan vasta, kun tuttavan luona "
                "asuminen on jo päättynyt riitaan.",
            ],
            "effect_neg": ["Tuttavien luona asuvat eivät näy asunnottomien tilastoissa, eikä heitä siksi huomioida "
                           "asumisen tuen palveluja mitoitettaessa."],
            "effect_pos": ["Asumisneuvonnan matalan kynnyksen vastaanotto on tavoittanut myös tuttavien luona asuvia, "
                           "jotka eivät muuten hakisi apua."],
            "good": ["Kysymme alkuarvioinnissa aina, missä asiakas tosiasiassa asuu. Näin piilossa oleva "
                     "asunnottomuus tulee näkyviin ja tuen voi aloittaa ajoissa."],
        },
        "sv": {
            "need": [
                "Allt oftare möter vi {group} som tillfälligt bor hos vänner eller släktingar utan egen adress.",
                "Soffsurfandet förblir ofta dolt: klienten berättar om sin bostadslöshet först när boendet hos "
                "bekanta redan har slutat i gräl.",
            ],
            "effect_neg": ["De som bor hos bekanta syns inte i statistiken över bostadslösa och beaktas därför inte när "
                           "boendestödet dimensioneras."],
            "effect_pos": ["Boenderådgivningens lågtröskelmottagning har nått också dem som bor hos bekanta och som "
                           "annars inte skulle söka hjälp."],
            "good": ["I den första bedömningen frågar vi alltid var klienten faktiskt bor. På så sätt blir den dolda "
                     "bostadslösheten synlig och stödet kan sättas in i tid."],
        },
    },
    "homelessness.eviction_threat": {
        "groups": ["young_people", "families_with_children", "working_age"], "needs": [2, 3],
        "fi": {
            "need": [
                "Asiakkaina on yhä useammin {group_p}, jotka ovat menettäneet asuntonsa vuokrarästien vuoksi tai "
                "joiden häätö on jo vireillä.",
                "Häätöuhka tulee sosiaalityön tietoon usein vasta, kun ulosottomies on jo antanut häätöpäivän, eikä "
                "tilannetta ehditä enää korjata.",
            ],
            "effect_neg": ["Vuokranantajan ilmoitus maksuhäiriöstä ei tavoita sosiaalityötä, koska ennakoivaa "
                           "tiedonkulkua ei ole sovittu."],
            "effect_pos": ["Asumisneuvojan ja vuokrataloyhtiön yhteistyö on estänyt useita häätöjä, kun rästeistä on "
                           "sovittu maksusuunnitelma ajoissa."],
            "good": ["Vuokrataloyhtiö ilmoittaa asiakkaan luvalla kahden kuukauden rästeistä asumisneuvojalle, joka "
                     "ottaa yhteyttä ennen kuin asia etenee oikeuteen."],
        },
        "sv": {
            "need": [
                "Allt oftare möter vi {group} som har förlorat sin bostad på grund av hyresskulder eller vars "
                "vräkning redan är anhängig.",
                "Hotet om vräkning når socialarbetet ofta först när utmätningsmannen redan har fastställt "
                "vräkningsdagen, och då hinner man inte längre rätta till situationen.",
            ],
            "effect_neg": ["Hyresvärdens anmälan om betalningsstörning når inte socialarbetet eftersom inget "
                           "förebyggande informationsflöde har avtalats."],
            "effect_pos": ["Samarbetet mellan boenderådgivaren och hyresbolaget har förhindrat flera vräkningar när man "
                           "i tid kommit överens om en betalningsplan."],
            "good": ["Hyresbolaget meddelar med klientens samtycke boenderådgivaren om två månaders hyresskulder, och "
                     "rådgivaren tar kontakt innan ärendet går till domstol."],
        },
    },
    "livelihood.social_assistance": {
        "groups": ["working_age", "families_with_children", "unemployed"], "needs": [3],
        "fi": {
            "need": [
                "Perustoimeentulotuen päätösten viipyminen johtaa siihen, että asiakkaat hakevat ehkäisevää "
                "toimeentulotukea kuukauden välttämättömiin menoihin.",
                "Asiakkaat eivät ymmärrä, miten toimeentulotuki on jaettu Kelan ja hyvinvointialueen välillä, ja "
                "kokevat jäävänsä väliinputoajiksi.",
            ],
            "effect_neg": ["Täydentävän toimeentulotuen hakemukset ruuhkautuvat, ja käsittelyajat ovat venyneet lähelle "
                           "lakisääteistä enimmäisaikaa."],
            "effect_pos": ["Ehkäisevän toimeentulotuen nopea myöntäminen on estänyt useita sähkökatkoja ja "
                           "vuokrarästien kasautumista."],
            "good": ["Sosiaalityöntekijä ja Kelan etuuskäsittelijä pitävät kuukausittain yhteisen tapaamisen, jossa "
                     "ratkotaan jumiin jääneet asiakastilanteet."],
        },
        "sv": {
            "need": [
                "Att besluten om grundläggande utkomststöd dröjer gör att klienter söker förebyggande utkomststöd "
                "för månadens nödvändiga utgifter.",
                "Klienterna förstår inte hur utkomststödet har delats mellan FPA och välfärdsområdet och upplever att "
                "de faller mellan stolarna.",
            ],
            "effect_neg": ["Ansökningarna om kompletterande utkomststöd hopar sig och handläggningstiderna har närmat "
                           "sig den lagstadgade maxtiden."],
            "effect_pos": ["Att förebyggande utkomststöd beviljats snabbt har förhindrat flera elavstängningar och att "
                           "hyresskulder hopar sig."],
            "good": ["Socialarbetaren och FPA:s förmånshandläggare har ett gemensamt möte varje månad där fastlåsta "
                     "klientärenden löses."],
        },
    },
    "livelihood.debt": {
        "groups": ["young_people", "working_age"], "needs": [3, 4],
        "fi": {
            "need": [
                "Asiakkaina on yhä useammin {group_p}, joilla on pikavippejä ja maksuhäiriömerkintä jo ennen kuin he "
                "hakevat apua.",
                "Velkaneuvontaan pääsyä joutuu odottamaan kuukausia, ja sillä välin perintäkulut kasvattavat velkaa.",
            ],
            "effect_neg": ["Talous- ja velkaneuvonnan jonot ovat niin pitkiä, että asiakas ehtii luovuttaa ennen "
                           "ensimmäistä tapaamista."],
            "effect_pos": ["Sosiaalisen luoton myöntäminen on auttanut muutamaa asiakasta yhdistämään kalliit pikavipit "
                           "ja pääsemään maksusuunnitelmaan."],
            "good": ["Talousneuvoja jalkautuu kerran viikossa aikuissosiaalityön tiloihin, jolloin asiakas pääsee "
                     "velkatilanteen kartoitukseen heti ilman omaa ajanvarausta."],
        },
        "sv": {
            "need": [
                "Allt oftare möter vi {group} som har snabblån och betalningsanmärkningar redan innan de söker hjälp.",
                "Man får vänta i månader på skuldrådgivning, och under tiden växer skulden av indrivningskostnaderna.",
            ],
            "effect_neg": ["Köerna till ekonomi- och skuldrådgivningen är så långa att klienten hinner ge upp före det "
                           "första mötet."],
            "effect_pos": ["Sociala krediter har hjälpt några klienter att samla dyra snabblån och komma in i en "
                           "betalningsplan."],
            "good": ["En ekonomirådgivare finns en gång i veckan på plats hos socialt arbete för vuxna, så att klienten "
                     "genast kan få sin skuldsituation kartlagd utan egen tidsbokning."],
        },
    },
    "livelihood.benefit_gaps": {
        "groups": ["unemployed", "students", "immigrants"], "needs": [3, 1],
        "fi": {
            "need": [
                "Etuuksien yhteensovituksessa syntyy katkoja: kun työmarkkinatuki päättyy eikä sairauspäiväraha ole "
                "vielä alkanut, asiakkaalla ei ole tuloja lainkaan.",
                "{Group} jäävät usein etuuksien väliin, koska hakemukset vaativat liitteitä, joita he eivät osaa tai "
                "jaksa hankkia.",
            ],
            "effect_neg": ["Asiakas ohjataan palvelusta toiseen: Kela neuvoo kääntymään sosiaalitoimen puoleen ja "
                           "sosiaalitoimi takaisin Kelaan."],
            "effect_pos": ["Kun etuusasiat käydään läpi yhdessä asiakkaan kanssa yhdellä käynnillä, katkot tuloissa "
                           "ovat vähentyneet selvästi."],
            "good": ["Etuusneuvonnan pop up -piste kirjastossa on auttanut asiakkaita täyttämään hakemukset ja "
                     "toimittamaan liitteet samalla kertaa."],
        },
        "sv": {
            "need": [
                "Samordningen av förmåner ger avbrott: när arbetsmarknadsstödet upphör och sjukdagpenningen ännu inte "
                "har börjat har klienten inga inkomster alls.",
                "Särskilt {group} faller ofta mellan förmånerna eftersom ansökningarna kräver bilagor som de inte kan "
                "eller orkar skaffa.",
            ],
            "effect_neg": ["Klienten skickas från en tjänst till en annan: FPA hänvisar till socialen och socialen "
                           "tillbaka till FPA."],
            "effect_pos": ["När förmånsärendena gås igenom tillsammans med klienten vid ett och samma besök har "
                           "avbrotten i inkomsterna minskat tydligt."],
            "good": ["En pop up-punkt för förmånsrådgivning på biblioteket har hjälpt klienterna att fylla i "
                     "ansökningarna och lämna in bilagorna på en gång."],
        },
    },
    "livelihood.housing_costs": {
        "groups": ["families_with_children", "older_people", "working_age"], "needs": [3, 2],
        "fi": {
            "need": [
                "Asumiskulut ovat nousseet niin, että yleisen asumistuen jälkeenkin vuokraan menee yli puolet "
                "asiakkaan tuloista.",
                "Vuokrien ja sähkön hinnan nousu ajaa asiakkaita valitsemaan vuokran ja ruoan välillä, ja osa jättää "
                "lääkkeet ostamatta.",
            ],
            "effect_neg": ["Toimeentulotuessa hyväksyttävät asumismenot eivät vastaa alueen todellista vuokratasoa, "
                           "joten asiakkaat maksavat erotuksen perusosastaan."],
            "effect_pos": ["Kohtuullisten asumismenojen rajojen päivittäminen on vähentänyt asiakkaiden pakkomuuttoja "
                           "halvempiin asuntoihin."],
            "good": ["Asumisneuvoja on auttanut asiakkaita hakemaan edullisempaa vuokra-asuntoa kaupungin omasta "
                     "asuntokannasta ennen kuin rästejä syntyy."],
        },
        "sv": {
            "need": [
                "Boendekostnaderna har stigit så att hyran även efter det allmänna bostadsbidraget tar över hälften "
                "av klientens inkomster.",
                "Höjda hyror och elpriser tvingar klienter att välja mellan hyra och mat, och en del låter bli att "
                "köpa sina mediciner.",
            ],
            "effect_neg": ["De boendeutgifter som godkänns i utkomststödet motsvarar inte den faktiska hyresnivån i "
                           "området, så klienterna betalar mellanskillnaden ur grunddelen."],
            "effect_pos": ["Att gränserna för skäliga boendeutgifter uppdaterades har minskat antalet tvångsflyttar till "
                           "billigare bostäder."],
            "good": ["Boenderådgivaren har hjälpt klienter att söka en billigare hyresbostad i stadens eget bestånd "
                     "innan skulderna uppstår."],
        },
    },
    "livelihood.food_aid": {
        "groups": ["families_with_children", "older_people", "students"], "needs": [3, 4],
        "fi": {
            "need": [
                "Ruoka-apujonot ovat pidentyneet, ja jonossa on nyt myös {group_p}, joita emme aiemmin nähneet "
                "ruoka-avussa.",
                "Asiakkaat kertovat, että ruoka loppuu kuun puolivälissä ja loppukuu mennään ruoka-avun ja "
                "seurakunnan ruokailujen varassa.",
            ],
            "effect_neg": ["Ruoka-apu on järjestöjen vapaaehtoisten varassa, eikä sitä ole yhdistetty sosiaalityön "
                           "palveluihin, joten avun tarve ei välity eteenpäin."],
            "effect_pos": ["Yhteisöllinen ruokailu on tuonut paikalle asiakkaita, jotka ovat ensimmäistä kertaa "
                           "kertoneet tilanteestaan sosiaaliohjaajalle."],
            "good": ["Ruoka-avun jakopisteessä on kerran viikossa sosiaaliohjaaja, joka neuvoo etuuksissa ja ohjaa "
                     "tarvittaessa sosiaalityöhön."],
        },
        "sv": {
            "need": [
                "Köerna till mathjälpen har blivit längre, och nu står också {group} i kön, som vi tidigare inte såg "
                "där.",
                "Klienterna berättar att maten tar slut i mitten av månaden och att resten av månaden klaras med "
                "mathjälp och församlingens måltider.",
            ],
            "effect_neg": ["Mathjälpen vilar på organisationernas frivilliga och är inte kopplad till socialarbetets "
                           "tjänster, så hjälpbehovet förs inte vidare."],
            "effect_pos": ["De gemensamma måltiderna har lockat klienter som för första gången har berättat om sin "
                           "situation för en socialhandledare."],
            "good": ["En socialhandledare finns en gång i veckan vid utdelningen av mathjälp, ger råd om förmåner och "
                     "hänvisar vid behov till socialt arbete."],
        },
    },
    "livelihood.unemployment": {
        "groups": ["unemployed", "working_age", "young_people"], "needs": [4, 3, 9],
        "fi": {
            "need": [
                "Asiakkaina on yhä useammin {group_p}, joiden työttömyys on pitkittynyt ja työkyky heikentynyt niin, "
                "ettei kuntouttavaan työtoimintaan löydy sopivaa paikkaa.",
                "Työllisyyspalvelujen siirto kunnille on vaihtanut yhteyshenkilöitä, eivätkä asiakkaat tiedä, kuka "
                "heidän asiaansa hoitaa.",
            ],
            "effect_neg": ["Kuntouttavan työtoiminnan paikkoja on liian vähän, ja asiakkaat odottavat aloitusta "
                           "kuukausia, jolloin motivaatio ehtii hiipua."],
            "effect_pos": ["Monialaisessa yhteispalvelussa sosiaalityöntekijä, työllisyyskoordinaattori ja "
                           "terveydenhoitaja tapaavat asiakkaan yhdessä, mikä on nopeuttanut suunnitelmien tekemistä."],
            "good": ["Työkyvyn arviointi on järjestetty osaksi aikuissosiaalityön asiakkuutta, jolloin asiakas ohjautuu "
                     "oikeaan palveluun tai eläkeselvittelyyn nopeammin."],
        },
        "sv": {
            "need": [
                "Allt oftare möter vi {group} vars arbetslöshet har dragit ut på tiden och vars arbetsförmåga har "
                "försämrats så att det inte finns någon lämplig plats i arbetsverksamhet i rehabiliteringssyfte.",
                "Överföringen av arbetskraftstjänsterna till kommunerna har bytt ut kontaktpersonerna, och klienterna "
                "vet inte vem som sköter deras ärende.",
            ],
            "effect_neg": ["Det finns för få platser i arbetsverksamhet i rehabiliteringssyfte, och klienterna väntar i "
                           "månader på att få börja så att motivationen hinner svalna."],
            "effect_pos": ["I den sektorsövergripande samservicen träffar socialarbetaren, sysselsättningskoordinatorn och "
                           "hälsovårdaren klienten tillsammans, vilket har påskyndat planeringen."],
            "good": ["Bedömningen av arbetsförmågan har ordnats som en del av klientrelationen inom socialt arbete för "
                     "vuxna, så att klienten snabbare kommer till rätt tjänst eller pensionsutredning."],
        },
    },
    "mental_health.access_to_care": {
        "groups": ["working_age", "young_people"], "needs": [8, 1],
        "fi": {
            "need": [
                "Asiakkaat joutuvat odottamaan psykiatrisen poliklinikan ensikäyntiä useita kuukausia, ja tilanne "
                "ehtii sinä aikana pahentua.",
                "Asiakkaina on yhä useammin {group_p}, joilla on hoitamaton masennus tai ahdistus, mutta terapiaan "
                "ohjautuminen kestää liian kauan.",
            ],
            "effect_neg": ["Lähete palautuu perusterveydenhuoltoon, koska oireet eivät riitä erikoissairaanhoitoon, "
                           "mutta perustasolla ei ole tarjota hoitoa."],
            "effect_pos": ["Terapiat etulinjaan -mallin lyhytterapiat ovat auttaneet lievästi masentuneita asiakkaita jo "
                           "muutaman tapaamisen jälkeen."],
            "good": ["Sosiaalityöntekijä ja psykiatrinen sairaanhoitaja tekevät yhteisiä kotikäyntejä, jolloin hoidon "
                     "tarve arvioidaan asiakkaan omassa ympäristössä."],
        },
        "sv": {
            "need": [
                "Klienterna får vänta flera månader på första besöket på den psykiatriska polikliniken, och under "
                "tiden hinner situationen förvärras.",
                "Allt oftare möter vi {group} som har obehandlad depression eller ångest, men det tar för lång tid "
                "att få terapi.",
            ],
            "effect_neg": ["Remissen skickas tillbaka till primärvården eftersom symtomen inte räcker för "
                           "specialsjukvård, men primärvården har ingen vård att erbjuda."],
            "effect_pos": ["Korttidsterapierna inom modellen Terapier i frontlinjen har hjälpt klienter med lindrig "
                           "depression redan efter några träffar."],
            "good": ["Socialarbetaren och en psykiatrisk sjukskötare gör gemensamma hembesök, så att vårdbehovet bedöms "
                     "i klientens egen miljö."],
        },
    },
    "mental_health.young_people": {
        "groups": ["young_people", "students"], "needs": [8, 4, 7],
        "fi": {
            "need": [
                "Nuorten aikuisten ahdistus ja uupumus näkyvät keskeytyneinä opintoina, ja moni jää kotiin ilman "
                "mitään arkea rytmittävää toimintaa.",
                "Nuorisopsykiatrian jonot ovat pitkät, ja nuoret siirtyvät täysi-ikäisinä aikuispuolelle ilman, että "
                "hoito jatkuu saumattomasti.",
            ],
            "effect_neg": ["Kun nuori täyttää 18 vuotta, lastensuojelun jälkihuolto ja aikuisten mielenterveyspalvelut "
                           "eivät kohtaa, ja nuori putoaa palvelujen väliin."],
            "effect_pos": ["Ohjaamon matalan kynnyksen keskusteluapu on tavoittanut nuoria, jotka eivät ole halunneet "
                           "hakeutua terveyskeskukseen."],
            "good": ["Nuorten jalkautuva tiimi tapaa nuoren siellä, missä hän on – kotona, kahvilassa tai "
                     "oppilaitoksessa – ja pysyy mukana siirtymässä aikuisten palveluihin."],
        },
        "sv": {
            "need": [
                "Unga vuxnas ångest och utmattning syns i avbrutna studier, och många blir kvar hemma utan någon "
                "verksamhet som ger struktur åt vardagen.",
                "Köerna till ungdomspsykiatrin är långa, och när de unga blir myndiga flyttas de över till vuxensidan "
                "utan att vården fortsätter smidigt.",
            ],
            "effect_neg": ["När den unga fyller 18 möts inte barnskyddets eftervård och vuxnas mentalvårdstjänster, och "
                           "den unga faller mellan tjänsterna."],
            "effect_pos": ["Navigatorns lågtröskelsamtal har nått unga som inte har velat söka sig till "
                           "hälsovårdscentralen."],
            "good": ["Ett uppsökande team för unga träffar den unga där hen är – hemma, på ett kafé eller i "
                     "läroanstalten – och är med i övergången till vuxentjänsterna."],
        },
    },
    "mental_health.loneliness": {
        "groups": ["older_people", "working_age", "young_people"], "needs": [4, 1],
        "fi": {
            "need": [
                "Asiakkaina on yhä useammin {group_p}, joilla ei ole ketään, jolle puhua, ja yksinäisyys näkyy "
                "masentuneisuutena ja päihteiden käyttönä.",
                "Moni asiakas kertoo, ettei ole puhunut viikkoon kenenkään kanssa muuten kuin viranomaisen kanssa "
                "puhelimessa.",
            ],
            "effect_neg": ["Ryhmätoimintaa on lähinnä keskustassa, eikä haja-asutusalueella asuva pääse sinne ilman "
                           "omaa autoa."],
            "effect_pos": ["Vertaisryhmään osallistuneet asiakkaat kertovat, että viikoittainen tapaaminen on tuonut "
                           "arkeen rytmiä ja uusia tuttavia."],
            "good": ["Järjestön kanssa aloitettu kävelykaveritoiminta on saanut yksin asuvia lähtemään kotoa ja "
                     "tutustumaan toisiin."],
        },
        "sv": {
            "need": [
                "Allt oftare möter vi {group} som inte har någon att prata med, och ensamheten syns som nedstämdhet "
                "och rusmedelsbruk.",
                "Många klienter berättar att de inte har pratat med någon på en vecka, annat än med en myndighet i "
                "telefon.",
            ],
            "effect_neg": ["Gruppverksamheten finns främst i centrum, och den som bor på landsbygden kommer inte dit "
                           "utan egen bil."],
            "effect_pos": ["Klienter som deltagit i en kamratgrupp berättar att den veckovisa träffen har gett rytm och "
                           "nya bekanta."],
            "good": ["Promenadkompisverksamheten som startades med en organisation har fått ensamboende att gå ut och "
                     "lära känna andra."],
        },
    },
    "mental_health.crisis": {
        "groups": ["working_age", "families_with_children"], "needs": [6, 8],
        "fi": {
            "need": [
                "Äkillisissä kriiseissä, kuten läheisen kuoleman jälkeen, kriisiapua ei ole saatavilla iltaisin eikä "
                "viikonloppuisin.",
                "Sosiaalipäivystykseen tulee yhä useammin asiakkaita akuutissa kriisissä, mutta jatkotukeen "
                "ohjaaminen viivästyy.",
            ],
            "effect_neg": ["Kriisiryhmän tuki päättyy muutaman käynnin jälkeen, eikä asiakkaalle ole tarjota jatkoa, "
                           "vaikka tilanne ei ole tasaantunut."],
            "effect_pos": ["Sosiaalipäivystyksen ja kriisikeskuksen yhteinen toimintamalli on lyhentänyt aikaa, jossa "
                           "asiakas saa keskusteluapua."],
            "good": ["Kriisityöntekijä soittaa asiakkaalle päivystyskäyntiä seuraavana päivänä ja sopii "
                     "jatkotapaamisen, jolloin kukaan ei jää tyhjän päälle."],
        },
        "sv": {
            "need": [
                "Vid plötsliga kriser, till exempel efter en närståendes död, finns ingen krishjälp på kvällar och "
                "veckoslut.",
                "Allt fler klienter kommer till socialjouren i akut kris, men hänvisningen till fortsatt stöd dröjer.",
            ],
            "effect_neg": ["Krisgruppens stöd upphör efter några besök och klienten erbjuds ingen fortsättning, trots att "
                           "situationen inte har lugnat sig."],
            "effect_pos": ["Socialjourens och kriscentrets gemensamma verksamhetsmodell har förkortat tiden tills "
                           "klienten får samtalsstöd."],
            "good": ["Krisarbetaren ringer klienten dagen efter jourbesöket och avtalar om ett nytt möte, så att ingen "
                     "lämnas ensam."],
        },
    },
    "mental_health.service_coordination": {
        "groups": ["working_age"], "needs": [8, 1],
        "fi": {
            "need": [
                "Asiakkaat, joilla on sekä mielenterveys- että päihdeongelmia, pallottelevat palvelujen välillä, koska "
                "kumpikaan yksikkö ei koe asiakasta omakseen.",
                "Asiakkaalla voi olla samanaikaisesti viisi eri työntekijää, mutta kukaan ei kokoa kokonaisuutta eikä "
                "vastaa suunnitelmasta.",
            ],
            "effect_neg": ["Tieto ei kulje sosiaalityön ja psykiatrian välillä, ja asiakas joutuu kertomaan tarinansa "
                           "yhä uudelleen."],
            "effect_pos": ["Yhteinen asiakassuunnitelmapalaveri psykiatrian kanssa on selkeyttänyt vastuita, ja asiakas "
                           "tietää, keneen ottaa yhteyttä."],
            "good": ["Nimesimme monipalveluasiakkaille vastuutyöntekijän, joka kutsuu verkoston koolle ja pitää "
                     "suunnitelman ajan tasalla."],
        },
        "sv": {
            "need": [
                "Klienter som har både psykisk ohälsa och missbruk bollas mellan tjänsterna eftersom ingen enhet ser "
                "klienten som sin.",
                "En klient kan samtidigt ha fem olika arbetstagare, men ingen sammanställer helheten eller ansvarar "
                "för planen.",
            ],
            "effect_neg": ["Informationen går inte mellan socialt arbete och psykiatrin, och klienten måste berätta sin "
                           "historia om och om igen."],
            "effect_pos": ["Ett gemensamt möte om klientplanen med psykiatrin har förtydligat ansvaret, och klienten vet "
                           "vem hen ska kontakta."],
            "good": ["Vi utsåg en ansvarig arbetstagare för klienter med många tjänster, som sammankallar nätverket och "
                     "håller planen aktuell."],
        },
    },
    "substance_use.alcohol": {
        "groups": ["older_people", "working_age"], "needs": [8, 10],
        "fi": {
            "need": [
                "Ikääntyneiden alkoholinkäyttö on lisääntynyt, ja se tulee esiin vasta kaatumisten, muistiongelmien "
                "tai kotihoidon huolen kautta.",
                "Asiakkaina on yhä useammin {group_p}, joiden runsas alkoholinkäyttö on johtanut sekä työpaikan että "
                "asunnon menetykseen.",
            ],
            "effect_neg": ["Katkaisuhoitoon ei pääse viikonloppuna, ja asiakas palaa juomaan ennen kuin hoito ehtii "
                           "alkaa."],
            "effect_pos": ["Kotihoidon työntekijöiden puheeksiottokoulutus on tuonut alkoholinkäytön esiin aiempaa "
                           "varhemmin."],
            "good": ["Kotihoito ja päihdetyö tekevät yhteisiä käyntejä ikääntyneen luona, ja alkoholinkäytöstä puhutaan "
                     "osana arjen tukea."],
        },
        "sv": {
            "need": [
                "Äldres alkoholbruk har ökat, och det kommer fram först genom fall, minnesproblem eller hemvårdens oro.",
                "Allt oftare möter vi {group} vars stora alkoholbruk har lett till att de förlorat både arbete och "
                "bostad.",
            ],
            "effect_neg": ["Man kommer inte in på avgiftning under veckoslut, och klienten börjar dricka igen innan "
                           "vården hinner börja."],
            "effect_pos": ["Hemvårdspersonalens utbildning i att ta upp alkohol har gjort att bruket uppmärksammas "
                           "tidigare än förut."],
            "good": ["Hemvården och missbruksarbetet gör gemensamma besök hos äldre, och alkoholbruket diskuteras som en "
                     "del av stödet i vardagen."],
        },
    },
    "substance_use.drugs": {
        "groups": ["young_people", "children"], "needs": [8, 7],
        "fi": {
            "need": [
                "Huumeiden käyttö näkyy yhä nuoremmilla, ja moni aloittaa käytön jo peruskoulun aikana.",
                "Asiakkaiden kertoman mukaan synteettisten opioidien ja muuntohuumeiden käyttö on lisääntynyt, ja "
                "yliannostustilanteita on ollut aiempaa enemmän.",
            ],
            "effect_neg": ["Korvaushoitoon pääsy kestää kuukausia, ja odotusaikana asiakkaan tilanne usein heikkenee ja "
                           "rikosasiat kasautuvat."],
            "effect_pos": ["Lastensuojelun ja nuorisopsykiatrian yhteinen päihdetyöntekijä on saanut nuoria hoitoon "
                           "nopeammin."],
            "good": ["Nuorten päihdetyöntekijä tapaa nuoren jo ensimmäisen koulussa tehdyn päihdehavainnon jälkeen "
                     "yhdessä huoltajan kanssa."],
        },
        "sv": {
            "need": [
                "Narkotikabruket syns bland allt yngre, och många börjar redan under grundskolan.",
                "Enligt klienternas berättelser har bruket av syntetiska opioider och designerdroger ökat, och "
                "överdoserna har blivit fler än tidigare.",
            ],
            "effect_neg": ["Det tar månader att komma in i substitutionsbehandling, och under väntetiden försämras "
                           "klientens situation ofta och brottsärendena hopar sig."],
            "effect_pos": ["Den gemensamma missbruksarbetaren för barnskyddet och ungdomspsykiatrin har fått unga till "
                           "vård snabbare."],
            "good": ["Missbruksarbetaren för unga träffar den unga redan efter den första observationen av rusmedel i "
                     "skolan, tillsammans med vårdnadshavaren."],
        },
    },
    "substance_use.gambling": {
        "groups": ["young_people", "working_age"], "needs": [8, 3],
        "fi": {
            "need": [
                "Rahapeliongelmat tulevat esiin vasta velkaantumisen kautta, kun asiakas hakee toimeentulotukea "
                "vuokraan.",
                "Nettikasinoilla pelaaminen on lisääntynyt erityisesti nuorten miesten keskuudessa, ja häpeä estää "
                "hakemasta apua.",
            ],
            "effect_neg": ["Rahapeliongelmiin erikoistunutta hoitoa ei ole alueella, ja asiakkaat ohjataan "
                           "valtakunnalliseen puhelinpalveluun."],
            "effect_pos": ["Kun rahapelaamisesta kysytään rutiinisti talousneuvonnassa, pelaaminen tulee puheeksi "
                           "varhemmin."],
            "good": ["Otimme pelaamisen puheeksioton lomakkeen osaksi toimeentulotuen asiakasprosessia, ja asiakkaat "
                     "ovat ottaneet sen hyvin vastaan."],
        },
        "sv": {
            "need": [
                "Spelproblem kommer fram först genom skuldsättning, när klienten söker utkomststöd för hyran.",
                "Spelandet på nätkasinon har ökat särskilt bland unga män, och skammen hindrar dem från att söka hjälp.",
            ],
            "effect_neg": ["Det finns ingen vård specialiserad på spelproblem i området, och klienterna hänvisas till en "
                           "riksomfattande telefontjänst."],
            "effect_pos": ["När man rutinmässigt frågar om penningspel i ekonomirådgivningen kommer spelandet upp "
                           "tidigare."],
            "good": ["Vi införde en blankett för att ta upp spelande som en del av klientprocessen för utkomststöd, och "
                     "klienterna har tagit emot den väl."],
        },
    },
    "substance_use.treatment_access": {
        "groups": ["working_age", "families_with_children"], "needs": [8, 10],
        "fi": {
            "need": [
                "Päihdekuntoutukseen ei pääse ilman maksusitoumusta, ja päätöksen saaminen kestää niin kauan, että "
                "asiakkaan motivaatio ehtii kadota.",
                "Laitoskuntoutuksen paikkoja on vähennetty, eikä avohoito riitä asiakkaille, joiden arki on jo "
                "täysin päihteiden hallitsemaa.",
            ],
            "effect_neg": ["Avohoidon ajat ovat virka-aikaan, eikä työssäkäyvä tai lapsiperheen vanhempi pääse niille."],
            "effect_pos": ["Matalan kynnyksen päihdepoliklinikka, jonne voi tulla ilman ajanvarausta, on madaltanut "
                           "kynnystä hakeutua hoitoon."],
            "good": ["Maksusitoumuspäätökset tehdään nyt viikon sisällä yhteisessä arviointityöryhmässä, ja "
                     "kuntoutukseen pääsee motivaation ollessa korkeimmillaan."],
        },
        "sv": {
            "need": [
                "Man kommer inte in på missbruksrehabilitering utan betalningsförbindelse, och beslutet dröjer så länge "
                "att klientens motivation hinner försvinna.",
                "Platserna på anstaltsrehabilitering har minskats, och öppenvården räcker inte för klienter vars "
                "vardag redan helt styrs av rusmedel.",
            ],
            "effect_neg": ["Öppenvårdens tider är under tjänstetid, och den som arbetar eller är förälder i en "
                           "barnfamilj hinner inte dit."],
            "effect_pos": ["Lågtröskelpolikliniken för missbruk, dit man kan komma utan tidsbokning, har sänkt tröskeln "
                           "att söka vård."],
            "good": ["Besluten om betalningsförbindelse fattas nu inom en vecka i en gemensam bedömningsgrupp, och "
                     "klienten kommer till rehabilitering medan motivationen är som störst."],
        },
    },
    "substance_use.harm_reduction": {
        "groups": ["working_age"], "needs": [8, 1],
        "fi": {
            "need": [
                "Terveysneuvontapisteen aukioloajat ovat lyhentyneet, ja puhtaiden välineiden saatavuus on "
                "heikentynyt.",
                "Päihteitä käyttävät asiakkaat eivät hakeudu terveydenhuoltoon, ja hoitamattomat haavat ja infektiot "
                "pahenevat.",
            ],
            "effect_neg": ["Asumispalveluissa päihteiden käyttö johtaa asunnon menetykseen, vaikka asiakkaalla ei ole "
                           "muuta paikkaa, mihin mennä."],
            "effect_pos": ["Terveysneuvontapisteen sairaanhoitajan haavahoito on tuonut asiakkaita myös sosiaalityön "
                           "palveluihin."],
            "good": ["Liikkuva terveysneuvonta kiertää pienemmissä kunnissa kerran kuussa, ja samalla käynnillä voi "
                     "tavata sosiaaliohjaajan."],
        },
        "sv": {
            "need": [
                "Hälsorådgivningens öppettider har förkortats, och tillgången till rena verktyg har försämrats.",
                "Klienter som använder rusmedel söker sig inte till hälsovården, och obehandlade sår och infektioner "
                "förvärras.",
            ],
            "effect_neg": ["I boendeservicen leder rusmedelsbruk till att klienten förlorar bostaden, fast hen inte har "
                           "någon annanstans att ta vägen."],
            "effect_pos": ["Sjukskötarens sårvård på hälsorådgivningen har också fört klienter till socialarbetets "
                           "tjänster."],
            "good": ["En mobil hälsorådgivning besöker de mindre kommunerna en gång i månaden, och vid samma besök kan "
                     "man träffa en socialhandledare."],
        },
    },
    "other.violence": {
        "groups": ["families_with_children", "older_people"], "needs": [5, 6],
        "fi": {
            "need": [
                "Lähisuhdeväkivalta tulee esiin usein vasta, kun lapsiperhe hakee taloudellista tukea eron jälkeen, "
                "eikä turvakotipaikkoja ole riittävästi lähellä.",
                "Ikääntyneisiin kohdistuva taloudellinen hyväksikäyttö ja kaltoinkohtelu tulevat esiin kotihoidon "
                "kautta, mutta yhteinen toimintamalli puuttuu.",
            ],
            "effect_neg": ["Väkivaltaa kokeneen jatkotuki katkeaa turvakotijakson jälkeen, koska avopalveluihin on pitkä "
                           "jono."],
            "effect_pos": ["Moniammatillinen riskinarviointiryhmä on auttanut suunnittelemaan turvallisuutta yhdessä "
                           "poliisin ja järjestöjen kanssa."],
            "good": ["Kysymme väkivallasta rutiinisti kaikilta aikuissosiaalityön uusilta asiakkailta, ja moni on "
                     "kertonut asiasta ensimmäistä kertaa."],
        },
        "sv": {
            "need": [
                "Våld i nära relationer kommer ofta fram först när en barnfamilj söker ekonomiskt stöd efter en "
                "skilsmässa, och det finns inte tillräckligt med skyddshemsplatser i närheten.",
                "Ekonomiskt utnyttjande och misshandel av äldre kommer fram via hemvården, men det saknas en gemensam "
                "verksamhetsmodell.",
            ],
            "effect_neg": ["Det fortsatta stödet till den som utsatts för våld avbryts efter skyddshemsperioden eftersom "
                           "det är lång kö till öppenvården."],
            "effect_pos": ["Den sektorsövergripande riskbedömningsgruppen har hjälpt till att planera säkerheten "
                           "tillsammans med polisen och organisationerna."],
            "good": ["Vi frågar rutinmässigt alla nya klienter inom socialt arbete för vuxna om våld, och många har "
                     "berättat om det för första gången."],
        },
    },
    "other.digital_exclusion": {
        "groups": ["older_people", "immigrants", "disabled_people"], "needs": [1, 4],
        "fi": {
            "need": [
                "Asiakkaina on yhä useammin {group_p}, jotka eivät pysty asioimaan verkossa, koska heillä ei ole "
                "pankkitunnuksia, älypuhelinta tai taitoa käyttää niitä.",
                "Palvelujen siirtyminen verkkoon on jättänyt osan asiakkaista ilman etuuksia, koska "
                "paperihakemuksista ei enää osata neuvoa.",
            ],
            "effect_neg": ["Ajanvaraus onnistuu vain sähköisesti, eikä neuvontapisteessä enää auteta lomakkeiden "
                           "täyttämisessä."],
            "effect_pos": ["Digitukihenkilöt kirjastossa ovat auttaneet asiakkaita hakemaan etuuksia sähköisesti ja "
                           "saamaan pankkitunnukset."],
            "good": ["Järjestimme asiakkaille digitukiklinikan, jossa vapaaehtoinen ja sosiaaliohjaaja auttavat yhdessä "
                     "sähköisessä asioinnissa."],
        },
        "sv": {
            "need": [
                "Allt oftare möter vi {group} som inte kan uträtta ärenden på nätet eftersom de saknar bankkoder, "
                "smarttelefon eller kunskap att använda dem.",
                "När tjänsterna flyttat till nätet har en del klienter blivit utan förmåner, eftersom ingen längre kan "
                "ge råd om pappersansökningar.",
            ],
            "effect_neg": ["Tidsbokningen fungerar bara elektroniskt, och vid rådgivningspunkten hjälper man inte längre "
                           "till med blanketterna."],
            "effect_pos": ["Digistödpersonerna på biblioteket har hjälpt klienter att söka förmåner elektroniskt och att "
                           "få bankkoder."],
            "good": ["Vi ordnade en digistödsklinik där en frivillig och en socialhandledare tillsammans hjälper till med "
                     "elektroniska ärenden."],
        },
    },
    "other.mobility": {
        "groups": ["older_people", "disabled_people"], "needs": [9, 4],
        "fi": {
            "need": [
                "Haja-asutusalueella asuvat asiakkaat eivät pääse palveluihin, koska julkista liikennettä ei ole eikä "
                "taksimatkoja korvata.",
                "Palvelujen keskittäminen keskuskaupunkiin on pidentänyt matkoja niin, että asiakkaat jättävät "
                "tapaamisia väliin.",
            ],
            "effect_neg": ["Asiointiliikenteen vuoroja on vähennetty, eikä sosiaalihuoltolain mukaista liikkumisen tukea "
                           "myönnetä kuin harvoille."],
            "effect_pos": ["Etätapaamiset ovat vähentäneet asiakkaiden pitkiä matkoja, kun ensimmäinen tapaaminen "
                           "voidaan hoitaa videon välityksellä."],
            "good": ["Liikkuva palveluauto tuo sosiaaliohjaajan ja etuusneuvonnan pieniin kyliin kahden viikon välein."],
        },
        "sv": {
            "need": [
                "Klienter på landsbygden kommer inte till tjänsterna eftersom det inte finns kollektivtrafik och "
                "taxiresor inte ersätts.",
                "När tjänsterna centraliserats till centralorten har resorna blivit så långa att klienterna hoppar "
                "över möten.",
            ],
            "effect_neg": ["Turerna i servicetrafiken har minskats, och stöd för rörlighet enligt socialvårdslagen "
                           "beviljas bara ett fåtal."],
            "effect_pos": ["Distansmöten har minskat klienternas långa resor, eftersom det första mötet kan skötas via "
                           "video."],
            "good": ["En mobil servicebil tar en socialhandledare och förmånsrådgivning till de små byarna varannan "
                     "vecka."],
        },
    },
    "other.family_support": {
        "groups": ["families_with_children", "children"], "needs": [7, 10],
        "fi": {
            "need": [
                "Lapsiperheet eivät saa kotipalvelua, vaikka vanhemman uupumus on selvä, koska myöntämisen kriteerit "
                "ovat tiukentuneet.",
                "Eroperheiden riidat kuormittavat lastensuojelua, ja perheneuvolan jonot ovat kuukausien mittaiset.",
            ],
            "effect_neg": ["Kotipalvelua myönnetään käytännössä vain lastensuojelun asiakkaille, jolloin ennaltaehkäisevä "
                           "tuki jää toteutumatta."],
            "effect_pos": ["Perhetyön varhainen tuki on vähentänyt lastensuojeluilmoituksia selvästi muutamassa "
                           "perheessä."],
            "good": ["Neuvolan ja perhesosiaalityön yhteinen vastaanotto tavoittaa uupuneet vanhemmat jo "
                     "raskausaikana."],
        },
        "sv": {
            "need": [
                "Barnfamiljer får inte hemservice fast förälderns utmattning är tydlig, eftersom kriterierna har "
                "skärpts.",
                "Konflikter i skilsmässofamiljer belastar barnskyddet, och köerna till familjerådgivningen är flera "
                "månader långa.",
            ],
            "effect_neg": ["Hemservice beviljas i praktiken bara klienter inom barnskyddet, och därmed uteblir det "
                           "förebyggande stödet."],
            "effect_pos": ["Familjearbetets tidiga stöd har tydligt minskat barnskyddsanmälningarna i några familjer."],
            "good": ["Rådgivningens och familjesocialarbetets gemensamma mottagning når utmattade föräldrar redan under "
                     "graviditeten."],
        },
    },
    "other.older_people": {
        "groups": ["older_people"], "needs": [9, 10, 1],
        "fi": {
            "need": [
                "Ikääntyneet asuvat kotona yhä huonokuntoisempina, ja omaishoitajat uupuvat, koska lyhytaikaishoitoa "
                "ei ole saatavilla.",
                "Muistisairaat ikääntyneet jäävät yksin, kun kotihoidon käynnit ovat lyhyitä eikä kukaan ehdi huomata "
                "arjen ongelmia.",
            ],
            "effect_neg": ["Palvelutarpeen arviointiin joutuu odottamaan viikkoja, ja sillä välin ikääntynyt joutuu "
                           "päivystykseen kaatumisen vuoksi."],
            "effect_pos": ["Ikääntyneiden sosiaaliohjaajan kotikäynnit ovat tuoneet esiin talous- ja asumisongelmia, "
                           "joihin on voitu tarttua ajoissa."],
            "good": ["Seniorineuvolan yhteydessä toimiva sosiaaliohjaus auttaa ikääntyneitä hakemaan etuuksia ja "
                     "palveluja yhdellä käynnillä."],
        },
        "sv": {
            "need": [
                "Äldre bor hemma i allt sämre skick, och närståendevårdarna blir utmattade eftersom det inte finns "
                "kortvarig vård att få.",
                "Äldre med minnessjukdom blir ensamma när hemvårdens besök är korta och ingen hinner märka problemen i "
                "vardagen.",
            ],
            "effect_neg": ["Man får vänta veckor på en bedömning av servicebehovet, och under tiden hamnar den äldre på "
                           "jouren efter ett fall."],
            "effect_pos": ["Socialhandledarens hembesök hos äldre har lyft fram ekonomiska problem och boendeproblem som "
                           "har kunnat åtgärdas i tid."],
            "good": ["Socialhandledningen vid seniorrådgivningen hjälper äldre att söka förmåner och tjänster vid ett och "
                     "samma besök."],
        },
    },
}

# Phenomenon → service areas where such observations are typically made.
SERVICE_AREAS = {
    "homelessness": ["adult_social_work", "social_emergency", "mental_health_substance_services", "youth_services"],
    "livelihood": ["adult_social_work", "family_services", "immigrant_services", "youth_services"],
    "mental_health": ["mental_health_substance_services", "health_care_social_work", "youth_services",
                      "adult_social_work"],
    "substance_use": ["mental_health_substance_services", "adult_social_work", "child_protection",
                      "older_people_services"],
    "other.violence": ["family_services", "social_emergency", "older_people_services"],
    "other.digital_exclusion": ["adult_social_work", "immigrant_services", "older_people_services"],
    "other.mobility": ["older_people_services", "disability_services"],
    "other.family_support": ["family_services", "child_protection"],
    "other.older_people": ["older_people_services", "health_care_social_work"],
}
# A second phenomenon that often comes with the first.
RELATED_PHENOMENA = {
    "homelessness": ["substance_use", "livelihood", "mental_health"],
    "livelihood": ["homelessness", "mental_health", "other"],
    "mental_health": ["substance_use", "livelihood", "other"],
    "substance_use": ["mental_health", "homelessness"],
    "other": ["livelihood", "mental_health"],
}

PREFACES = {
    "fi": {
        "social_report": [
            "Asiakastyössä on viime kuukausina noussut esiin seuraava asia.",
            "Haluan nostaa esiin asian, joka toistuu tiimimme asiakastyössä.",
            "Tämä on tullut vastaan useamman työntekijän asiakastyössä.",
        ],
        "good_practice": [
            "Haluamme jakaa toimivan käytännön.",
            "Tiimissämme on kokeiltu toimintatapaa, josta on hyviä kokemuksia.",
        ],
        "ombudsman": [
            "Sosiaaliasiamiehelle tulleissa yhteydenotoissa toistuu sama teema.",
            "Sosiaaliasiamiehen selvityksessä nousi esiin seuraava asia.",
        ],
        "client_feedback": [
            "Asiakaspalautteessa on kerrottu seuraavasta tilanteesta.",
            "Useassa asiakaspalautteessa toistuu sama asia.",
        ],
    },
    "sv": {
        "social_report": [
            "Det här har kommit fram i klientarbetet under de senaste månaderna.",
            "Jag vill lyfta fram en sak som återkommer i vårt teams klientarbete.",
        ],
        "good_practice": [
            "Vi vill dela med oss av en fungerande praxis.",
            "I vårt team har vi prövat ett arbetssätt med goda erfarenheter.",
        ],
        "ombudsman": [
            "Samma tema återkommer i kontakterna till socialombudsmannen.",
            "I socialombudsmannens utredning kom följande fram.",
        ],
        "client_feedback": [
            "I klientresponsen har följande situation beskrivits.",
            "Samma sak återkommer i flera klientresponser.",
        ],
    },
}

FREQUENCY = {
    "fi": {
        "single_case": ["Kyse on yksittäisestä tapauksesta, mutta se kuvaa laajempaa ongelmaa.",
                        "Tapaus on yksittäinen, mutta vastaavia voi olla enemmän kuin tiedämme."],
        "recurring": ["Sama tilanne toistuu useiden asiakkaiden kohdalla.",
                      "Vastaavia tilanteita tulee vastaan lähes viikoittain."],
        "weak_signal": ["Tämä on vasta heikko signaali, mutta siihen kannattaa kiinnittää huomiota.",
                        "Ilmiö on vielä pieni, mutta merkit siitä ovat lisääntyneet."],
    },
    "sv": {
        "single_case": ["Det gäller ett enskilt fall, men det speglar ett större problem.",
                        "Fallet är enskilt, men det kan finnas fler än vi känner till."],
        "recurring": ["Samma situation återkommer hos flera klienter.",
                      "Liknande situationer möter vi nästan varje vecka."],
        "weak_signal": ["Det här är än så länge en svag signal, men värd att följa.",
                        "Fenomenet är ännu litet, men tecknen på det har blivit fler."],
    },
}
AFFECTED = {
    "fi": {"2-5": "Tilanne koskee tiimissämme muutamaa asiakasta.",
           "6-20": "Tiimissämme on tällä hetkellä noin kymmenen asiakasta samassa tilanteessa.",
           "over_20": "Arviomme mukaan tilanne koskee yli kahtakymmentä asiakasta alueellamme."},
    "sv": {"2-5": "Situationen gäller ett par klienter i vårt team.",
           "6-20": "I vårt team finns just nu ett tiotal klienter i samma situation.",
           "over_20": "Enligt vår uppskattning gäller det över tjugo klienter i området."},
}
TREND = {
    "fi": {"new": ["Tällaista emme ole aiemmin juuri nähneet."],
           "increasing": ["Määrä on kasvanut selvästi viime kuukausina.",
                          "Tilanteet ovat yleistyneet edellisvuoteen verrattuna."],
           "stable": ["Tilanne on pysynyt samanlaisena jo pitkään."],
           "decreasing": ["Tilanteita on ollut vähemmän kuin viime vuonna."]},
    "sv": {"new": ["Det här har vi knappt sett tidigare."],
           "increasing": ["Antalet har ökat tydligt de senaste månaderna.",
                          "Situationerna har blivit vanligare jämfört med i fjol."],
           "stable": ["Läget har varit likadant länge."],
           "decreasing": ["Det har varit färre sådana situationer än i fjol."]},
}
PLACES = {
    "fi": ["kaupungin keskustassa", "pienissä kunnissa", "haja-asutusalueilla", "lähiöissä", "kuntakeskuksissa",
           "alueen reunakunnissa"],
    "sv": ["i stadens centrum", "i de mindre kommunerna", "på landsbygden", "i förorterna", "i kommuncentrumen",
           "i skärgårdsbyarna"],
}
PLACE_SENTENCES = {
    "fi": ["Ilmiö näkyy erityisesti {place}.", "Havainto koskee etenkin {place} asuvia asiakkaita."],
    "sv": ["Det syns särskilt {place}.", "Observationen gäller främst klienter som bor {place}."],
}
SERVICE_PHRASES = {
    "fi": {
        "adult_social_work": "aikuissosiaalityössä", "family_services": "lapsiperheiden palveluissa",
        "child_protection": "lastensuojelussa", "youth_services": "nuorten palveluissa",
        "older_people_services": "ikääntyneiden palveluissa", "disability_services": "vammaispalveluissa",
        "mental_health_substance_services": "mielenterveys- ja päihdepalveluissa",
        "social_emergency": "sosiaalipäivystyksessä", "immigrant_services": "maahanmuuttajapalveluissa",
        "health_care_social_work": "terveydenhuollon sosiaalityössä",
    },
    "sv": {
        "adult_social_work": "inom socialt arbete för vuxna", "family_services": "inom tjänsterna för barnfamiljer",
        "child_protection": "inom barnskyddet", "youth_services": "inom tjänsterna för unga",
        "older_people_services": "inom äldreomsorgen", "disability_services": "inom handikappservicen",
        "mental_health_substance_services": "inom mentalvårds- och missbrukartjänsterna",
        "social_emergency": "inom socialjouren", "immigrant_services": "inom invandrartjänsterna",
        "health_care_social_work": "inom det sociala arbetet i hälso- och sjukvården",
    },
}
SERVICE_SENTENCES = {
    "fi": ["Havainto on tehty {service}.", "Sama näkyy myös muiden työntekijöiden asiakastyössä {service}."],
    "sv": ["Observationen är gjord {service}.", "Samma sak syns också i kollegernas klientarbete {service}."],
}
MIXED = {
    "fi": ["Toisaalta yhteistyö järjestöjen kanssa on parantunut.",
           "Toisaalta ne asiakkaat, jotka pääsevät palvelun piiriin, hyötyvät siitä selvästi.",
           "Myönteistä on, että järjestöjen matalan kynnyksen toiminta tavoittaa osan asiakkaista.",
           "Toisaalta uusi toimintamalli on jo tuonut ensimmäisiä hyviä kokemuksia."],
    "sv": ["Å andra sidan har samarbetet med organisationerna blivit bättre.",
           "Samtidigt har de klienter som kommer in i tjänsten tydlig nytta av den.",
           "Det positiva är att organisationernas lågtröskelverksamhet når en del av klienterna."],
}
MIXED_GOOD = {
    "fi": ["Haasteena on, että toiminta on hankerahoitteista ja sen jatko on epävarmaa.",
           "Toiminta ei kuitenkaan vielä tavoita kaikkia, joita se koskee."],
    "sv": ["Utmaningen är att verksamheten är projektfinansierad och att fortsättningen är osäker.",
           "Verksamheten når dock ännu inte alla som den gäller."],
}
POSITIVE_FOLLOW_UPS = {
    "fi": ["Kokemukset ovat olleet hyviä, ja mallia kannattaisi levittää muualle alueelle.",
           "Asiakkaat ovat antaneet toiminnasta myönteistä palautetta.",
           "Malli ei vaadi lisäresursseja, vain sovitun työnjaon.",
           "Toimintaa on kokeiltu puoli vuotta, ja tulokset näyttävät lupaavilta."],
    "sv": ["Erfarenheterna har varit goda, och modellen borde spridas till resten av området.",
           "Klienterna har gett positiv respons på verksamheten.",
           "Modellen kräver inga extra resurser, bara en överenskommen arbetsfördelning.",
           "Verksamheten har prövats i ett halvår, och resultaten ser lovande ut."],
}

# National phenomenon → (proposed actions, who should act), per language.
PROPOSALS = {
    "homelessness": {
        "fi": (["Asunto ensin -periaatteen mukaisia tuettuja asuntoja tarvitaan lisää.",
                "Ennakoivasta tiedonkulusta vuokranantajilta asumisneuvontaan tulee sopia koko alueella.",
                "Kriisimajoituspaikkoja on lisättävä ja yömajan aukioloa laajennettava."],
               ["Hyvinvointialueen asumisen tuen palvelut", "Kuntien asuntotoimi",
                "Vuokrataloyhtiöt ja asumisneuvonta"]),
        "sv": (["Det behövs fler stödbostäder enligt principen bostad först.",
                "Ett förebyggande informationsflöde från hyresvärdarna till boenderådgivningen bör avtalas i hela "
                "området.",
                "Antalet akutboendeplatser bör ökas och härbärgets öppettider utvidgas."],
               ["Välfärdsområdets boendestöd", "Kommunernas bostadsväsende", "Hyresbolagen och boenderådgivningen"]),
    },
    "livelihood": {
        "fi": (["Kelan ja hyvinvointialueen yhteinen työryhmä toimeentulotuen katkojen ratkaisemiseksi.",
                "Talous- ja velkaneuvonnan resursseja on lisättävä, jotta jonot lyhenevät.",
                "Kohtuullisten asumismenojen rajat on tarkistettava vastaamaan vuokratasoa."],
               ["Kela ja aikuissosiaalityö", "Talous- ja velkaneuvonta", "Sosiaali- ja terveyslautakunta"]),
        "sv": (["En gemensam arbetsgrupp för FPA och välfärdsområdet för att lösa avbrotten i utkomststödet.",
                "Resurserna för ekonomi- och skuldrådgivning bör ökas så att köerna blir kortare.",
                "Gränserna för skäliga boendeutgifter bör ses över så att de motsvarar hyresnivån."],
               ["FPA och socialt arbete för vuxna", "Ekonomi- och skuldrådgivningen", "Social- och hälsovårdsnämnden"]),
    },
    "mental_health": {
        "fi": (["Matalan kynnyksen mielenterveyspalvelu ilman lähetettä jokaiseen kuntaan.",
                "Nuorten siirtymä aikuisten palveluihin on suunniteltava yhdessä ennen 18 vuoden ikää.",
                "Monipalveluasiakkaille on nimettävä vastuutyöntekijä."],
               ["Mielenterveys- ja päihdepalvelut", "Nuorten palvelut ja psykiatria", "Palvelualueiden johto"]),
        "sv": (["En lågtröskeltjänst för psykisk hälsa utan remiss i varje kommun.",
                "De ungas övergång till vuxentjänsterna bör planeras gemensamt före 18 års ålder.",
                "Klienter med många tjänster ska få en utsedd ansvarig arbetstagare."],
               ["Mentalvårds- och missbrukartjänsterna", "Tjänsterna för unga och psykiatrin",
                "Ledningen för serviceområdena"]),
    },
    "substance_use": {
        "fi": (["Katkaisuhoitoon on päästävä myös viikonloppuisin.",
                "Maksusitoumusten käsittely on nopeutettava viikkoon.",
                "Liikkuva terveysneuvonta myös pienempiin kuntiin."],
               ["Päihdepalvelut", "Aikuissosiaalityö", "Hyvinvointialueen johtoryhmä"]),
        "sv": (["Avgiftning måste vara tillgänglig även under veckoslut.",
                "Handläggningen av betalningsförbindelser bör påskyndas till en vecka.",
                "Mobil hälsorådgivning också till de mindre kommunerna."],
               ["Missbrukartjänsterna", "Socialt arbete för vuxna", "Välfärdsområdets ledningsgrupp"]),
    },
    "other": {
        "fi": (["Kotipalvelua on myönnettävä ennaltaehkäisevästi myös muille kuin lastensuojelun asiakkaille.",
                "Digituki osaksi kaikkia asiakaspalvelupisteitä.",
                "Asiointiliikenteen vuorot on palautettava haja-asutusalueille."],
               ["Perhepalvelut", "Asiakaspalvelupisteet ja kirjastot", "Kuntien joukkoliikenne"]),
        "sv": (["Hemservice bör beviljas förebyggande också till andra än klienter inom barnskyddet.",
                "Digistöd som en del av alla kundtjänstpunkter.",
                "Turerna i servicetrafiken bör återställas på landsbygden."],
               ["Familjetjänsterna", "Kundtjänstpunkterna och biblioteken", "Kommunernas kollektivtrafik"]),
    },
}

# What coordinators and reporters write in the thread.
MESSAGES = {
    "fi": {
        "accept": [
            "Kiitos havainnosta! Se on luokiteltu ja otetaan mukaan seuraavaan rakenteellisen sosiaalityön "
            "katsaukseen.",
            "Kiitos, tämä on tärkeä huomio. Vastaavia havaintoja on tullut muualtakin alueelta, ja viemme asian "
            "johtoryhmän tietoon.",
            "Hyväksytty. Täydensin havaintoon asiakasryhmän ja sosiaalihuoltolain 11 §:n tuen tarpeen.",
            "Kiitos tarkasta kuvauksesta. Havainto käsitellään seuraavassa rakenteellisen sosiaalityön "
            "työryhmän kokouksessa.",
        ],
        "request_clarification": [
            "Voisitko tarkentaa, kuinka montaa asiakasta tilanne suunnilleen koskee?",
            "Onko kyse uudesta ilmiöstä, vai onko tilanne jatkunut pidempään?",
            "Koskeeko havainto koko aluetta vai lähinnä yhtä kuntaa?",
            "Mihin palveluun ehdotuksesi ensisijaisesti kohdistuu?",
        ],
        "answer": [
            "Arviolta viittä–kymmentä asiakasta viimeisen puolen vuoden aikana.",
            "Tilanne on jatkunut noin vuoden, mutta lisääntynyt keväästä alkaen.",
            "Lähinnä keskuskaupunkia, mutta samaa on kuultu myös naapurikunnista.",
            "Ensisijaisesti aikuissosiaalityöhön ja asumisneuvontaan.",
        ],
        "reject": [
            "Havainto koskee yksittäisen asiakkaan palvelutarvetta, joka hoidetaan asiakastyössä eikä "
            "rakenteellisena havaintona. Ota tarvittaessa yhteyttä esihenkilöösi.",
            "Sama asia on raportoitu jo aiemmin, ja se on yhdistetty aiempaan havaintoon.",
            "Havainnosta puuttuu kuvaus siitä, mitä asiakastyössä on havaittu. Voit lähettää uuden, tarkennetun "
            "havainnon.",
        ],
        "close": [
            "Havainnon pohjalta tehty ehdotus on käsitelty sosiaali- ja terveyslautakunnassa. Suljen havainnon – "
            "kiitos!",
            "Asia on siirretty palvelualueen kehittämissuunnitelmaan, joten havainto suljetaan.",
            "Vastaava palvelu on nyt käynnistynyt, joten havainto suljetaan.",
        ],
        "mark_used": [
            "Havainto on mukana raportissa ”Rakenteellinen sosiaalityö {period}”.",
            "Havaintoa käytettiin aluehallitukselle esitellyssä katsauksessa {period}.",
        ],
        "quarantine": [
            "Tekstissä oli tietoja, joista asiakas voi olla tunnistettavissa. Havainto on piilotettu, kunnes teksti "
            "on korjattu.",
        ],
    },
    "sv": {
        "accept": [
            "Tack för observationen! Den är klassificerad och tas med i nästa översikt över strukturellt socialt "
            "arbete.",
            "Tack, det här är en viktig iakttagelse. Liknande observationer har kommit från andra delar av området, "
            "och vi tar upp saken med ledningsgruppen.",
            "Godkänd. Jag kompletterade observationen med klientgrupp och stödbehov enligt 11 § i socialvårdslagen.",
        ],
        "request_clarification": [
            "Kunde du precisera ungefär hur många klienter situationen gäller?",
            "Är det ett nytt fenomen, eller har situationen pågått längre?",
            "Gäller observationen hela området eller främst en kommun?",
        ],
        "answer": [
            "Uppskattningsvis fem till tio klienter under det senaste halvåret.",
            "Situationen har pågått i ungefär ett år men ökat sedan våren.",
            "Främst centralorten, men vi har hört samma sak från grannkommunerna.",
        ],
        "reject": [
            "Observationen gäller en enskild klients servicebehov, som sköts i klientarbetet och inte som en "
            "strukturell observation. Kontakta vid behov din förman.",
            "Samma sak har redan rapporterats och har kopplats till den tidigare observationen.",
        ],
        "close": [
            "Förslaget som bygger på observationen har behandlats i social- och hälsovårdsnämnden. Jag stänger "
            "observationen – tack!",
            "Frågan har förts in i serviceområdets utvecklingsplan, så observationen stängs.",
        ],
        "mark_used": [
            "Observationen ingår i rapporten ”Strukturellt socialt arbete {period}”.",
            "Observationen användes i översikten för områdesstyrelsen {period}.",
        ],
        "quarantine": [
            "Texten innehöll uppgifter som kan göra klienten identifierbar. Observationen är dold tills texten har "
            "rättats.",
        ],
    },
}
