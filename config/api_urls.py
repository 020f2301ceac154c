from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from rake.accounts.api import TokenApi
from rake.analysis.api import StatsObservationsApi
from rake.analysis.suggest_api import SuggestPhenomenaApi
from rake.areas.api import AreaListApi
from rake.core.api import not_found
from rake.exchange.api import NationalExportApi, NationalExportSchemaApi
from rake.observations import api as observations
from rake.privacy import api as privacy
from rake.proposals.api import ProposalListCreateApi, ProposalTransitionApi
from rake.publishing.api import PublicationCheckApi, PublicationListCreateApi, PublicationPublishApi
from rake.taxonomy.api import TaxonomyApi

urlpatterns = [
    path("auth/token", TokenApi.as_view(), name="auth-token"),
    path("areas", AreaListApi.as_view(), name="areas"),
    path("taxonomy", TaxonomyApi.as_view(), name="taxonomy"),
    path("privacy/scan", privacy.PrivacyScanApi.as_view(), name="privacy-scan"),
    path("observations", observations.ObservationListCreateApi.as_view(), name="observations"),
    path("observations/<int:pk>", observations.ObservationDetailApi.as_view(), name="observation"),
    path("observations/<int:pk>/transition", observations.ObservationTransitionApi.as_view(),
         name="observation-transition"),
    path("observations/<int:pk>/answer", observations.ObservationAnswerApi.as_view(), name="observation-answer"),
    path("observations/<int:pk>/timeline", observations.ObservationTimelineApi.as_view(),
         name="observation-timeline"),
    path("stats/observations", StatsObservationsApi.as_view(), name="stats-observations"),
    path("suggest/phenomena", SuggestPhenomenaApi.as_view(), name="suggest-phenomena"),
    path("publications", PublicationListCreateApi.as_view(), name="publications"),
    path("publications/<int:pk>/publish", PublicationPublishApi.as_view(), name="publication-publish"),
    path("publications/<int:pk>/check", PublicationCheckApi.as_view(), name="publication-check"),
    path("proposals", ProposalListCreateApi.as_view(), name="proposals"),
    path("proposals/<int:pk>/transition", ProposalTransitionApi.as_view(), name="proposal-transition"),
    path("exports/national", NationalExportApi.as_view(), name="exports-national"),
    path("exports/national/schema", NationalExportSchemaApi.as_view(), name="exports-national-schema"),
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file (no inline script); Swagger UI's page keeps
    # a small inline <style>.
    path("docs", csp_update({"style-src": [UNSAFE_INLINE]})(
        SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    re_path(r"", not_found),  # last: anything else under the API answers a JSON 404
]
