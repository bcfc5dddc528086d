from django.shortcuts import get_object_or_404, render

from exercises import selectors


def catalogue(request):
    search = selectors.exercise_search(request.GET)
    exercises = list(search.qs) if search.is_valid() else []
    return render(
        request,
        "exercises/catalogue.html",
        {
            "form": search.form,
            "groups": selectors.exercises_by_kind(exercises),
            "count": len(exercises),
            "filtered": any(request.GET.get(name) for name in ("q", "kind", "equipment")),
        },
    )


def detail(request, slug: str):
    exercise = get_object_or_404(selectors.exercises_with_details(), slug=slug)
    return render(request, "exercises/detail.html", {"exercise": exercise})


def avoid(request):
    return render(request, "exercises/avoid.html", {"avoided": selectors.avoided_movements()})
