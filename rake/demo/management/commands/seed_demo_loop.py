"""manage.py seed_demo_loop — the rest of the loop for the demo: a published report and a decided proposal.

Run after seed_demo (make seed and make run do). As demo-coordinator it writes a Finnish report on
Keski-Suomi (15) for last year — every section, a few approved quotes — and makes and submits a proposal for
action from the quoted observations, then publishes the report (which lists the proposal; the pre-publish
check's remaining warnings, such as figures hidden to protect small counts, are confirmed); demo-viewer (the
decision-maker) then decides the proposal and records progress. Everything goes
through the same services the application uses, so the quoted reporters see the proposal in their
timelines. Running it again does nothing: the demo report is found by its title.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from rake.accounts.models import User
from rake.core import dates
from rake.core.errors import ServiceError
from rake.observations.models import Observation, Status
from rake.proposals import services as proposals
from rake.publishing import services as publishing
from rake.publishing.models import Publication

COUNTY = "15"
MAX_QUOTES = 3
SUMMARY = (
    "Sosiaalihuollon ammattilaiset raportoivat vuoden aikana erityisesti nuorten asunnottomuudesta ja "
    "toimeentulon ongelmista. Lautakuntaa pyydetään lisäämään tuettua asumista nuorille ja nopeuttamaan "
    "toimeentulotuen käsittelyä."
)


GOOD_PRACTICES = (
    "Jyväskylän asumisneuvonta tavoitti häätöuhan alla olevat nuoret ennen kuin vuokrarästit kasvoivat. "
    "Toimintatapaa kannattaa jatkaa ja laajentaa muihin kuntiin."
)
ADDRESSEE = "Sosiaali- ja terveyslautakunta"
# A text per national phenomenon: the report has a section for each phenomenon with observations.
PHENOMENON_TEXTS = {
    "homelessness": "Nuorten tilapäinen asuminen tuttavien luona on yleistynyt, ja tuettuja asuntoja on liian vähän.",
    "livelihood": "Toimeentulotuen käsittelyajat ja velkaantuminen näkyvät havainnoissa koko vuoden.",
    "mental_health": "Mielenterveyspalveluihin pääsyä odotetaan pitkään, erityisesti nuorten palveluissa.",
    "substance_use": "Päihdepalvelujen jonot ja katkaisuhoidon saatavuus huolettavat ammattilaisia.",
    "other": "Muut havainnot koskevat muun muassa lastensuojelua ja lähisuhdeväkivaltaa.",
}


def _title(year):
    return f"Sosiaalinen raportti {year} (demo)"


def _first_sentence(text, limit=220):
    sentence = text.split(". ")[0].strip()
    sentence = sentence if sentence.endswith((".", "!", "?")) else sentence + "."
    return sentence[:limit]


class Command(BaseCommand):
    help = "Publish a demo report and make a decided proposal from it (after seed_demo; idempotent)."

    def handle(self, *args, **options):
        year = dates.today().year - 1
        if Publication.objects.filter(county_code=COUNTY, title=_title(year)).exists():
            self.stdout.write("seed_demo_loop: the demo report and proposal are already there.")
            return
        try:
            coordinator = User.objects.get(username="demo-coordinator")
            viewer = User.objects.get(username="demo-viewer")
        except User.DoesNotExist:
            raise CommandError("Run seed_demo first: the demo coordinator and viewer are missing.") from None
        with transaction.atomic():
            report, quoted = self._report(coordinator, year)
            # The proposal is submitted before the report is published, so that the report lists it.
            proposal = self._proposal(coordinator, report, quoted) if quoted else None
            publishing.publication_publish(user=coordinator, publication=report, confirm_warnings=True)
        if proposal is not None:
            proposal = self._decide(coordinator, viewer, proposal)
            self.stdout.write(f"seed_demo_loop: published “{report.title}” with {len(quoted)} quotes; "
                              f"proposal “{proposal.title}” decided and in progress.")
        else:
            self.stdout.write(f"seed_demo_loop: published “{report.title}” (no observations to quote).")

    def _report(self, coordinator, year):
        """The draft with all its texts and approved quotes, not yet published."""
        report = publishing.publication_create(user=coordinator, county=COUNTY, period=str(year), language="fi",
                                               audience="board", title=_title(year))
        report = publishing.publication_update_sections(user=coordinator, publication=report, data={
            "summary": SUMMARY, "good_practices": GOOD_PRACTICES, "addressee": ADDRESSEE,
            "phenomena": PHENOMENON_TEXTS})
        candidates = (Observation.objects.filter(county_code=COUNTY, status=Status.ACCEPTED, language="fi",
                                                 observed_on__year=year)
                      .filter(phenomena__national_code__in=["homelessness", "livelihood"])
                      .distinct().order_by("pk"))
        quoted = []
        for observation in candidates[:20]:
            try:
                quote = publishing.quote_add(user=coordinator, publication=report, observation=observation,
                                             text=_first_sentence(observation.description))
                publishing.quote_approve(user=coordinator, quote=quote)
            except ServiceError:
                continue  # the excerpt did not pass the privacy scan: the demo quotes another one
            quoted.append(observation)
            if len(quoted) == MAX_QUOTES:
                break
        return report, quoted

    def _proposal(self, coordinator, report, quoted):
        proposal = proposals.proposal_create(
            user=coordinator, county=COUNTY, title="Lisää tuettua asumista nuorille",
            rationale=("Raportoijat kuvaavat nuoria, jotka asuvat tilapäisesti tuttaviensa luona, koska "
                       "tuettuja asuntoja ei ole tarjolla."),
            addressee=ADDRESSEE, observations=[o.pk for o in quoted],
            publication=report, follow_up_on=dates.today() + datetime.timedelta(days=30))
        return proposals.proposal_transition(user=coordinator, proposal=proposal, action="submit", notify=False)

    def _decide(self, coordinator, viewer, proposal):
        for user, action, data in (
            (coordinator, "consider", None),
            (viewer, "decide", {"outcome": "accepted", "decided_on": dates.today().isoformat(),
                                "decision_text": "Lautakunta hyväksyi ehdotuksen ja osoitti rahoituksen kymmenelle "
                                                 "tuetulle asunnolle nuorille.",
                                "decision_reference": "Ptk 4/2026 § 21"}),
            (coordinator, "start", None),
            (viewer, "progress", {"progress": 40, "note": "Neljä asuntoa on otettu käyttöön."}),
        ):
            # No e-mail to the demo reporters: it would only flood the console of `make run`.
            proposal = proposals.proposal_transition(user=user, proposal=proposal, action=action, data=data,
                                                     notify=False)
        return proposal
