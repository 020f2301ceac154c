"""The one permission resolver (DESIGN §2). Views, API permissions and querysets delegate here."""

from typing import NamedTuple

from .models import Role


class MembershipSummary(NamedTuple):
    role: str
    organisation: str
    county_code: str
    is_national: bool


class Permissions:
    def __init__(self, user, *, memberships=None):
        self.user = user
        # Token authentication reads the memberships with the user (rake.accounts.authentication).
        self._memberships = memberships
        self._roles = None

    # --- role lookup -------------------------------------------------------------------
    @property
    def memberships(self):
        """The user's memberships as (role, organisation name, county code, national?), read once per request
        (every API request asks; only these four columns, for speed)."""
        if self._memberships is None:
            if not getattr(self.user, "is_authenticated", False) or not self.user.pk:
                self._memberships = []
            else:
                self._memberships = [MembershipSummary(*row) for row in self.user.memberships.values_list(
                    "role", "organisation__name", "organisation__county_code", "organisation__is_national")]
        return self._memberships

    @property
    def roles(self):
        """{(role, county_code or None)} for the user's memberships; None = national."""
        if self._roles is None:
            if not getattr(self.user, "is_authenticated", False) or not self.user.is_active:
                self._roles = set()
            else:
                self._roles = {(m.role, None if m.is_national else m.county_code) for m in self.memberships}
        return self._roles

    def has_role(self, role, county=None):
        if county is None:
            return any(r == role for r, _ in self.roles)
        return (role, county) in self.roles

    def counties_for(self, *roles):
        return {county for r, county in self.roles if r in roles and county}

    @property
    def role_names(self):
        return {r for r, _ in self.roles}

    @property
    def home_county(self):
        """The county an observation defaults to: the reporter's organisation's county."""
        counties = sorted(self.counties_for(Role.REPORTER)) or sorted(
            self.counties_for(*[r.value for r in Role])
        )
        return counties[0] if counties else None

    # --- observations ------------------------------------------------------------------
    def can_submit(self, county=None):
        counties = self.counties_for(Role.REPORTER, Role.COORDINATOR)
        return bool(counties) if county is None else county in counties

    def submit_counties(self):
        return self.counties_for(Role.REPORTER, Role.COORDINATOR)

    def raw_text_counties(self):
        """Counties whose observations (raw text included) the user may read."""
        return self.counties_for(Role.COORDINATOR, Role.ANALYST)

    def triage_counties(self):
        return self.counties_for(Role.COORDINATOR)

    def is_own(self, observation):
        return observation.created_by_id is not None and observation.created_by_id == self.user.pk

    def can_list_observations(self):
        return self.can_submit() or bool(self.raw_text_counties())

    def can_view_observation(self, observation):
        if observation.status == "quarantined":
            # Quarantined: hidden from all but coordinators until redacted (DESIGN §4.1).
            return observation.county_code in self.triage_counties()
        if observation.status == "draft":
            # A draft is the reporter's own until submitted.
            return self.is_own(observation)
        return self.is_own(observation) or observation.county_code in self.raw_text_counties()

    def can_read_raw_text(self, observation):
        return self.can_view_observation(observation)

    def can_triage(self, observation):
        return observation.county_code in self.triage_counties()

    def can_edit_draft(self, observation):
        return self.is_own(observation) and observation.status == "draft"

    def can_answer_clarification(self, observation):
        return self.is_own(observation) and observation.status == "clarification_requested"

    def can_redact(self, observation):
        """Edit, redact, release and hard-delete: the county's coordinators (DESIGN §2)."""
        return self.can_triage(observation)

    def can_hard_delete(self, observation):
        return self.can_triage(observation)

    def can_view_timeline(self, observation):
        return self.can_view_observation(observation)

    def can_view_queue(self):
        """The triage queue (coordinators) and its read-only form (analysts)."""
        return bool(self.raw_text_counties())

    # --- other capabilities ------------------------------------------------------------
    def can_view_dashboard(self):
        return bool(self.role_names & {Role.COORDINATOR, Role.ANALYST, Role.VIEWER, Role.NATIONAL})

    def stats_counties(self):
        """Counties whose aggregate statistics the user may see; None means every county (national users)."""
        if self.has_role(Role.NATIONAL):
            return None
        return self.counties_for(Role.COORDINATOR, Role.ANALYST, Role.VIEWER)

    def can_use_suggestions(self):
        """Phenomenon suggestions for a text (the API and the command's model): coordinators and analysts."""
        return bool(self.role_names & {Role.COORDINATOR, Role.ANALYST})

    def can_view_themes(self):
        """Keywords and emerging themes come from raw texts: the county's coordinators (DESIGN §5)."""
        return bool(self.triage_counties())

    def is_admin(self):
        return self.has_role(Role.ADMIN) or bool(getattr(self.user, "is_superuser", False))

    # --- administration in Rake (DESIGN §5) -------------------------------------------------
    def admin_counties(self):
        """Counties whose users, memberships and own phenomena the user administers; None means every county
        (superusers). A county's admins never reach another county's or the national organisation."""
        if getattr(self.user, "is_superuser", False) and getattr(self.user, "is_active", False):
            return None
        return self.counties_for(Role.ADMIN)

    def can_administer(self, county=None):
        counties = self.admin_counties()
        if counties is None:
            return True
        return bool(counties) if county is None else county in counties

    def can_administer_organisation(self, organisation):
        """A county admin manages their county's organisations; national ones only a superuser."""
        if organisation.is_national or not organisation.county_code:
            return self.admin_counties() is None
        return self.can_administer(organisation.county_code)

    def grantable_roles(self, organisation):
        """Roles the user may grant in `organisation`: none outside their scope. The national role reads every
        county's statistics, so only a superuser grants it, and only in a national organisation."""
        if not self.can_administer_organisation(organisation):
            return []
        if organisation.is_national:
            return [Role.NATIONAL]
        return [role for role in Role if role != Role.NATIONAL]

    def _target_counties(self, target):
        """The counties of `target`'s memberships; "" stands for a national organisation."""
        return {"" if national else county for county, national in
                target.memberships.values_list("organisation__county_code", "organisation__is_national")}

    def can_view_user(self, target):
        """A county admin sees the users who hold a membership in their county (and themselves)."""
        counties = self.admin_counties()
        if counties is None:
            return True
        if not counties:
            return False
        return target.pk == self.user.pk or bool(self._target_counties(target) & counties)

    def can_change_user(self, target):
        """Deactivate, reactivate or send a password link: only a user wholly inside the admin's counties, so that
        one county's admin never shuts a user out of another county. Never oneself, never a superuser
        (by anyone but a superuser)."""
        if target.pk == self.user.pk:
            return False
        counties = self.admin_counties()
        if counties is None:
            return True
        target_counties = self._target_counties(target)
        return bool(target_counties) and target_counties <= counties and not target.is_superuser

    def can_search_audit(self):
        return self.is_admin()

    def can_view_status(self):
        """The admin status page: active detectors, Voikko, the suppression threshold."""
        return self.is_admin()

    # --- reports (DESIGN §4.5) -----------------------------------------------------------
    def report_counties(self):
        """Counties whose reports the user may build and publish: the county's coordinators."""
        return self.triage_counties()

    def can_build_reports(self, county=None):
        counties = self.report_counties()
        return bool(counties) if county is None else county in counties

    # --- national data exchange (ADR 0008) -------------------------------------------------
    def export_counties(self):
        """Counties whose national exchange data the user may export: None means every county (national
        users), otherwise the counties they coordinate (empty: none)."""
        if self.has_role(Role.NATIONAL):
            return None
        return self.counties_for(Role.COORDINATOR)

    # --- proposals for action (DESIGN §4.6) ----------------------------------------------
    def proposal_view_counties(self):
        """Counties whose proposals the user may read; None means every county (national analysts)."""
        if self.has_role(Role.NATIONAL):
            return None
        return self.counties_for(Role.COORDINATOR, Role.ANALYST, Role.VIEWER)

    def can_view_proposals(self, county=None):
        counties = self.proposal_view_counties()
        if counties is None:
            return True
        return bool(counties) if county is None else county in counties

    def proposal_manage_counties(self):
        """Counties whose proposals the user may create, edit and move: those they coordinate."""
        return self.counties_for(Role.COORDINATOR)

    def can_manage_proposals(self, county=None):
        """Create, edit and move proposals (submit, consider, start, implement, close): coordinators."""
        counties = self.proposal_manage_counties()
        return bool(counties) if county is None else county in counties

    def can_decide_proposals(self, county=None):
        """Record decisions, progress and follow-up dates: the county's decision-makers and coordinators."""
        counties = self.counties_for(Role.VIEWER, Role.COORDINATOR)
        return bool(counties) if county is None else county in counties
