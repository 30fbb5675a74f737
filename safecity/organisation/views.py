from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from . import access, directory
from .forms import AreaPickForm
from .models import City, Unit


def directory_page(request):
    """Public "who do I contact?": pick your area (list or map) and get your district's contacts."""
    city = City.objects.order_by("pk").first()
    form = AreaPickForm(request.GET or None)
    area = unit = None
    if request.GET and form.is_valid():
        area = form.cleaned_data["area"]
        unit = area.unit_on() if area else None
    if unit is None and request.GET.get("unit"):
        unit = get_object_or_404(Unit.objects.valid_on(), code=request.GET["unit"])
    shapes, width, height = directory.map_areas(city) if city else ([], 0, 0)
    context = {
        "form": form,
        "area": area,
        "unit": unit,
        "contacts": directory.contacts_for(unit, public_only=True) if unit else [],
        "central": directory.central_contacts(public_only=True),
        "districts": directory.districts_with_areas(),
        "map_areas": shapes,
        "map_width": width,
        "map_height": height,
        "city": city,
    }
    return render(request, "organisation/directory.html", context)


@login_required
def internal_directory(request):
    units = access.get_internal_directory_for_user(request.user)
    districts = {unit.pk: areas for unit, areas in directory.districts_with_areas()}
    rows = [
        (unit, districts.get(unit.pk, []), access.can_view_unit_people(request.user, unit)) for unit in units
    ]
    former = (
        Unit.objects.filter(successor__isnull=False).select_related("successor").order_by("valid_to", "name")
    )
    return render(request, "organisation/internal_directory.html", {"rows": rows, "former": former})


@login_required
def unit_people(request, code):
    unit, assignments = access.get_unit_people_for_user(request.user, code)
    return render(request, "organisation/unit_people.html", {"unit": unit, "assignments": assignments})
