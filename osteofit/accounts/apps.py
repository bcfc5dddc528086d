from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "osteofit.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from osteofit import reauthentication
        from osteofit.accounts import email_change

        email_change.connect()
        reauthentication.connect()
