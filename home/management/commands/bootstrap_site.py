from django.core.management.base import BaseCommand

from home.bootstrap import site_bootstrap


class Command(BaseCommand):
    help = "Create the site's pages, staff roles, demo incidents and staff accounts. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-accounts", action="store_true", help="Create pages, roles and incidents, but no staff accounts."
        )

    def handle(self, *args, no_accounts: bool = False, **options):
        created = site_bootstrap(with_demo_accounts=not no_accounts)
        self.stdout.write(self.style.SUCCESS("Site pages, roles and incidents are in place."))
        if created:
            self.stdout.write("")
            self.stdout.write(self.style.WARNING("Staff accounts created. The passwords are shown only this once:"))
            for account in created:
                self.stdout.write(f"  {account.role:<15} {account.username:<15} {account.password}")
            self.stdout.write("")
