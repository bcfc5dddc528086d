"""Run with production settings in a subprocess (see test_production_headers.py): migrate a
throw-away SQLite database, make a requests as a browser would, print what came back as JSON.

Production settings cannot be loaded inside the pytest process (they are read once, at start),
so the responses are made here, by Django's test client, and judged by the tests."""

import json

import django
from django.core.management import call_command
from django.test import Client

HOST = "osteofit.example"
PASSWORD = "a-long-and-calm-passphrase"


def answer(response) -> dict:
    return {
        "status": response.status_code,
        "headers": dict(response.headers),
        "cookies": {
            name: {
                "secure": bool(morsel["secure"]),
                "httponly": bool(morsel["httponly"]),
                "samesite": morsel["samesite"],
            }
            for name, morsel in response.cookies.items()
        },
        "body": response.content.decode(errors="replace")[:4000],
    }


def main() -> None:
    django.setup()
    call_command("migrate", verbosity=0)
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(email="probe@example.com", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)

    browser = Client(HTTP_HOST=HOST)
    results = {
        "plain http": answer(browser.get("/")),
        "health over http": answer(browser.get("/health/")),
        "home": answer(browser.get("/", secure=True)),
        "login page": answer(browser.get("/accounts/login/", secure=True)),
        "missing page": answer(browser.get("/no-such-page/", secure=True)),
        "api": answer(browser.get("/api/v1/exercises/", secure=True)),
    }
    token = browser.cookies["csrftoken"].value
    login = {"login": user.email, "password": PASSWORD, "csrfmiddlewaretoken": token}
    careful = Client(HTTP_HOST=HOST, enforce_csrf_checks=True)
    careful.cookies["csrftoken"] = token
    results["login from another site"] = answer(
        careful.post(
            "/accounts/login/", login, secure=True, headers={"origin": "https://evil.example"}
        )
    )
    results["login"] = answer(
        careful.post("/accounts/login/", login, secure=True, headers={"origin": f"https://{HOST}"})
    )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
