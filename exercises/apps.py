from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    name = "exercises"
    verbose_name = "Exercise catalogue"

    def ready(self) -> None:
        from exercises import cache

        cache.connect(self.get_models())
