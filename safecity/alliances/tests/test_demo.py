from django.core.management import call_command

from safecity.alliances.models import Agreement, MeasurePartner, Meeting, Partner


def test_the_demo_loads_twice_without_duplicates(db):
    call_command("load_alliances_demo")
    call_command("load_alliances_demo")
    assert Partner.objects.count() == 24
    assert Agreement.objects.count() == 5
    assert Meeting.objects.count() == 7
    assert set(Partner.objects.values_list("kind", flat=True)) == set(Partner.Kind.values)
    assert Agreement.objects.filter(kind="data_sharing").exclude(dpia_reference="").count() == 1
    for meeting in Meeting.objects.all():
        meeting.full_clean()
    assert MeasurePartner.objects.count() == 0  # no demo plans loaded in tests
