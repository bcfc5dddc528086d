from rest_framework.routers import SimpleRouter

from exercises.api import views

router = SimpleRouter()
router.register("exercises", views.ExerciseViewSet, basename="exercise")
router.register("avoid", views.AvoidedMovementViewSet, basename="avoid")

urlpatterns = router.urls
