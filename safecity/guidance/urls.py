from django.urls import path

from . import views

app_name = "guidance"
urlpatterns = [
    path("", views.public_index, name="public_index"),
    path("personal/", views.index, name="index"),
    path("personal/<slug:code>/", views.guide, name="guide"),
    path("personal/<slug:code>/utskrift/", views.print_sheet, name="print"),
    path("redigera/", views.manage, name="manage"),
    path("redigera/<slug:code>/<slug:audience>/ny-version/", views.new_draft, name="new_draft"),
    path("versioner/<int:guide_id>/", views.version, name="version"),
    path("versioner/<int:guide_id>/redigera/", views.edit, name="edit"),
    path("versioner/<int:guide_id>/publicera/", views.publish, name="publish"),
    # Last, so that the words above are never taken for a situation's code.
    path("<slug:code>/", views.public_guide, name="public_guide"),
]
