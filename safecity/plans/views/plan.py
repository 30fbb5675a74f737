"""Writing, reading, taking to the board, reviewing and following up one plan."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from safecity.plans import access


@login_required
def detail(request, plan_id):
    plan = access.get_plan_for_user(request.user, plan_id)
    return render(request, "plans/detail.html", {"plan": plan})


urlpatterns = [
    path("<int:plan_id>/", detail, name="detail"),
]
