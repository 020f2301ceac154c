"""manage.py seed_demo: demo organisations, users and synthetic observations (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from rake.demo import generator as demo


class Command(BaseCommand):
    help = (
        "Create demo organisations, users (demo-reporter, demo-coordinator, demo-analyst, demo-viewer, "
        "demo-national, demo-admin, …) and synthetic Finnish and Swedish observations from 2024-01-01 to today. "
        "Running it again creates nothing new. Password: $RAKE_DEMO_PASSWORD, else generated once into var/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=demo.DEFAULT_COUNT,
                            help=f"number of demo observations (default {demo.DEFAULT_COUNT})")

    def handle(self, *args, count, **options):
        if count < len(demo.DEMO_REPORTER_ITEMS):
            raise CommandError(f"--count must be at least {len(demo.DEMO_REPORTER_ITEMS)}")
        password, source = demo.demo_password()
        try:
            result = demo.seed(count=count, password=password, stdout=self.stdout)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        stats = demo.summary()
        write = self.stdout.write
        write(self.style.SUCCESS(
            f"seed_demo: created {result['observations_created']} observations and {result['users_created']} users "
            f"in {result['seconds']:.1f} s; {result['observations_found']} demo observations already existed."
        ))
        order = demo.status_order()
        write(f"Demo observations: {stats['total']}, observed {stats['first']} … {stats['last']}")
        write("  by status:   " + ", ".join(f"{s} {stats['status'][s]}" for s in order if stats["status"][s]))
        write("  by county:   " + ", ".join(f"{c} {n}" for c, n in sorted(stats["county"].items())))
        write("  by type:     " + ", ".join(f"{t} {n}" for t, n in sorted(stats["type"].items())))
        write("  by polarity: " + ", ".join(f"{p} {n}" for p, n in sorted(stats["polarity"].items())))
        write("  by language: " + ", ".join(f"{lang} {n}" for lang, n in sorted(stats["language"].items())))
        write(f"  phenomena and sub-themes used: {stats['phenomena']} of {stats['phenomena_total']}")
        write("  demo-reporter's own: " + ", ".join(f"{s} {stats['mine'][s]}" for s in order if stats["mine"][s]))
        write("")
        write("Demo users (all with the same password):")
        write(f"  {'username':<22} {'role':<12} organisation")
        for username, role, _organisation, _last, _language in demo.user_specs():
            user = result["users"][username]
            membership = user.memberships.select_related("organisation").filter(role=role).first()
            extra = " (Django admin: superuser)" if user.is_superuser else ""
            write(f"  {username:<22} {role:<12} {membership.organisation.name}{extra}")
        write("")
        write(self.style.WARNING(f"Password: {password}") + f"   ({source})")
