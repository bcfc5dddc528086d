from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "osteofit.accounts"
    label = "accounts"
    verbose_name = "Accounts"
