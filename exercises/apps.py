from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    name = "exercises"
    verbose_name = "Exercise catalogue"

    def ready(self) -> None:
        from exercises import catalogue_cache

        catalogue_cache.connect(self.get_models())
