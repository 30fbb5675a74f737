"""Background jobs: start_job, job_progress, the job page and its access rules, and the real DB queue."""

import logging
import signal
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks import task

from conftest import logged_in
from safecity.core import jobs
from safecity.core.jobs import FAILED_MESSAGE, job_progress, start_job
from safecity.core.models import AccessLogEntry, Job

pytestmark = pytest.mark.django_db

SECRET = "personnummer 19121212-1212"


# Test-only tasks: module level, as the task backends require.
@task()
def count_rows(job_id, n, bad_rows=()):
    with job_progress(job_id) as report:
        report.total(n)
        for row in range(1, n + 1):
            if row in bad_rows:
                report.error(row, "date", "Not a date")
            report.step()
        report.result({"counted": n, "url": "/start/"})


@task()
def break_halfway(job_id):
    with job_progress(job_id) as report:
        report.total(10)
        report.step(5)
        raise ValueError(SECRET)


@task()
def write_file(job_id):
    with job_progress(job_id) as report:
        report.attach("report.csv", b"a,b\n1,2\n")


def run_job(user, the_task, *args, capture, unit=None, **kwargs):
    with capture(execute=True):
        job = start_job(user, "test.count", "Counting rows", the_task, *args, unit=unit, **kwargs)
    job.refresh_from_db()
    return job


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_it_runs_a_job_to_done_with_progress_reaching_total(employee, capture):
    job = run_job(employee, count_rows, 120, capture=capture)
    assert job.state == Job.State.DONE
    assert (job.progress, job.total) == (120, 120)
    assert job.result == {"counted": 120, "url": "/start/"}
    assert job.started_at and job.finished_at and job.task_result_id
    assert job.errors == []


def test_it_waits_for_the_commit_before_enqueueing(employee, capture):
    with capture(execute=False) as callbacks:
        job = start_job(employee, "test.count", "Counting rows", count_rows, 3)
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.state == Job.State.QUEUED


def test_it_records_row_errors_and_still_finishes(employee, capture):
    job = run_job(employee, count_rows, 10, bad_rows=[3, 7], capture=capture)
    assert job.state == Job.State.DONE
    assert job.errors == [
        {"row": 3, "field": "date", "message": "Not a date"},
        {"row": 7, "field": "date", "message": "Not a date"},
    ]


def test_it_keeps_only_the_first_problems(employee, capture, monkeypatch):
    monkeypatch.setattr(Job, "MAX_ERRORS", 5)
    job = run_job(employee, count_rows, 20, bad_rows=list(range(1, 21)), capture=capture)
    assert [e["row"] for e in job.errors] == [1, 2, 3, 4, 5]
    assert job.errors_capped


def test_a_failing_task_marks_the_job_failed_without_leaking_the_exception(employee, capture, caplog):
    with caplog.at_level(logging.ERROR, logger="safecity.core.jobs"):
        job = run_job(employee, break_halfway, capture=capture)
    assert job.state == Job.State.FAILED
    assert job.message == FAILED_MESSAGE
    assert job.progress == 5 and job.finished_at
    assert SECRET not in str(job.errors) + str(job.result) + job.message
    # The operator gets the traceback in the log.
    assert any(r.name == "safecity.core.jobs" and r.exc_info for r in caplog.records)
    page = english(logged_in(employee)).get(f"/jobb/{job.pk}/")
    assert page.status_code == 200
    assert SECRET not in page.content.decode()
    assert "ValueError" not in page.content.decode()
    assert "The job could not be finished" in page.content.decode()


def test_an_enqueue_failure_marks_the_job_failed(employee, capture):
    with mock.patch.object(type(count_rows), "enqueue", side_effect=RuntimeError("queue down")):
        job = run_job(employee, count_rows, 3, capture=capture)
    assert job.state == Job.State.FAILED
    assert job.message == jobs.NOT_STARTED_MESSAGE


def test_a_task_run_twice_ends_in_the_same_state(employee, capture):
    job = run_job(employee, count_rows, 10, bad_rows=[2], capture=capture)
    count_rows.call(job.pk, 10, bad_rows=[2])  # a second run, as after a re-enqueue
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert (job.progress, job.total) == (10, 10)
    assert len(job.errors) == 1


def test_progress_writes_are_throttled(employee, django_assert_max_num_queries):
    job = Job.objects.create(kind="test", label="Throttled", created_by=employee)
    with django_assert_max_num_queries(6):
        with job_progress(job.pk) as report:
            report.total(10_000)
            for _row in range(10_000):
                report.step()
    job.refresh_from_db()
    assert (job.state, job.progress) == (Job.State.DONE, 10_000)


def test_progress_is_written_while_the_task_runs(employee, monkeypatch):
    monkeypatch.setattr(jobs, "PROGRESS_INTERVAL", 0)
    job = Job.objects.create(kind="test", label="Visible", created_by=employee)
    with job_progress(job.pk) as report:
        report.total(200)
        report.step(1)  # less than 1 %: not written yet
        assert Job.objects.get(pk=job.pk).progress == 0
        report.step(2)
        assert Job.objects.get(pk=job.pk).progress == 3
        assert Job.objects.get(pk=job.pk).state == Job.State.RUNNING


def test_the_creator_sees_the_job_page_and_the_view_is_logged(employee, capture):
    job = run_job(employee, count_rows, 120, bad_rows=[37], capture=capture)
    response = english(logged_in(employee)).get(f"/jobb/{job.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Counting rows" in html
    assert '<progress value="120" max="120"' in html
    assert 'aria-live="polite"' in html
    assert "Done: 120 of 120 rows." in html
    assert "<td>37</td><td>date</td><td>Not a date</td>" in html
    assert 'href="/start/"' in html
    assert AccessLogEntry.objects.filter(
        user=employee, action="view", object_type="core.job", object_id=str(job.pk)
    ).exists()


def test_the_page_shows_progress_in_swedish_by_default(employee):
    job = Job.objects.create(
        kind="test", label="Import", created_by=employee, state=Job.State.RUNNING, progress=37, total=120
    )
    html = logged_in(employee).get(f"/jobb/{job.pk}/").content.decode()
    assert '<progress value="37" max="120"' in html
    assert "37 av 120 rader" in html
    assert "Uppdatera" in html


def test_the_fragment_polls_while_running_and_is_not_logged(employee):
    job = Job.objects.create(
        kind="test", label="Import", created_by=employee, state=Job.State.RUNNING, progress=37, total=120
    )
    client = english(logged_in(employee))
    before = AccessLogEntry.objects.count()
    response = client.get(f"/jobb/{job.pk}/?poll=3", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # the fragment only
    assert 'hx-trigger="every 1s"' in html
    assert f'hx-get="/jobb/{job.pk}/?poll=4"' in html
    assert 'hx-swap-oob="innerHTML:#job-status-text"' in html
    assert "Running: 37 of 120 rows." in html
    assert "HX-Request" in response["Vary"]
    assert AccessLogEntry.objects.count() == before


def test_the_fragment_stops_polling_when_done(employee, capture):
    job = run_job(employee, count_rows, 5, capture=capture)
    html = logged_in(employee).get(f"/jobb/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in html
    assert "hx-get" not in html


def test_the_page_stops_polling_after_half_an_hour(employee):
    job = Job.objects.create(kind="test", label="Stuck", created_by=employee)
    client = english(logged_in(employee))
    html = client.get(f"/jobb/{job.pk}/?poll=1800", headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in html
    assert "The page has stopped updating by itself." in html
    assert f'href="/jobb/{job.pk}/"' in html  # the plain Update link still works


def test_the_page_works_without_javascript(employee):
    job = Job.objects.create(kind="test", label="Import", created_by=employee)
    html = english(logged_in(employee)).get(f"/jobb/{job.pk}/").content.decode()
    assert "Waiting to start." in html
    assert f'<a href="/jobb/{job.pk}/">Update</a>' in html


def test_another_person_is_refused_and_the_refusal_is_logged(employee, jarva_coordinator, capture):
    job = run_job(employee, count_rows, 3, capture=capture)
    client = logged_in(jarva_coordinator)
    for url in (f"/jobb/{job.pk}/", f"/jobb/{job.pk}/fil/"):
        assert client.get(url).status_code == 403
    assert client.get(f"/jobb/{job.pk}/", headers={"HX-Request": "true"}).status_code == 403
    refusals = AccessLogEntry.objects.filter(
        user=jarva_coordinator, action="refused", object_type="core.job", object_id=str(job.pk)
    )
    assert refusals.count() == 3


def test_a_central_coordinator_sees_a_job_done_for_a_unit(employee, central_coordinator, jarva, capture):
    job = run_job(employee, count_rows, 3, unit=jarva, capture=capture)
    assert logged_in(central_coordinator).get(f"/jobb/{job.pk}/").status_code == 200
    entry = AccessLogEntry.objects.get(user=central_coordinator, object_type="core.job", action="view")
    assert entry.role == "central_coordinator"


def test_a_central_coordinator_does_not_see_a_personal_job(employee, central_coordinator, capture):
    job = run_job(employee, count_rows, 3, capture=capture)
    assert logged_in(central_coordinator).get(f"/jobb/{job.pk}/").status_code == 403


def test_it_requires_login(employee, client):
    job = Job.objects.create(kind="test", label="Import", created_by=employee)
    response = client.get(f"/jobb/{job.pk}/")
    assert response.status_code == 302
    assert "/konto/" in response["Location"]


def test_a_missing_job_is_not_found(employee):
    assert logged_in(employee).get("/jobb/999999/").status_code == 404


def test_the_result_file_is_downloaded_through_the_checked_view(employee, capture, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = run_job(employee, write_file, capture=capture)
    assert job.result_file.name.startswith("jobs/")
    client = logged_in(employee)
    assert f'href="/jobb/{job.pk}/fil/"' in client.get(f"/jobb/{job.pk}/").content.decode()
    response = client.get(f"/jobb/{job.pk}/fil/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"a,b\n1,2\n"
    assert "attachment" in response["Content-Disposition"]
    assert AccessLogEntry.objects.filter(user=employee, action="export", object_type="core.job").exists()


def test_a_job_without_a_file_has_no_download(employee, capture):
    job = run_job(employee, count_rows, 1, capture=capture)
    assert logged_in(employee).get(f"/jobb/{job.pk}/fil/").status_code == 404


def test_a_result_link_must_stay_on_the_site(employee):
    job = Job(kind="test", label="x", created_by=employee, result={"url": "//evil.example/"})
    assert job.result_url == ""
    job.result = {"url": "https://evil.example/"}
    assert job.result_url == ""


@pytest.fixture
def restore_worker_side_effects():
    """db_worker installs signal handlers and sets log levels for the process; put them back."""
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    loggers = {name: logging.getLogger(name).level for name in ("django_tasks", "django_tasks_db")}
    yield
    for sig, handler in handlers.items():
        signal.signal(sig, handler)
    for name, level in loggers.items():
        logging.getLogger(name).setLevel(level)


def test_the_database_queue_runs_a_job_in_db_worker(employee, capture, restore_worker_side_effects):
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        job = run_job(employee, count_rows, 50, bad_rows=[4], capture=capture)
        assert job.state == Job.State.QUEUED  # waits for a worker
        queued = DBTaskResult.objects.get(pk=job.task_result_id)
        assert queued.status == "READY"
        # The worker closes "old" connections between tasks; inside the test transaction that would
        # end the test's connection on PostgreSQL, so it is kept open here.
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert (job.progress, job.total) == (50, 50)
    assert job.errors == [{"row": 4, "field": "date", "message": "Not a date"}]
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"


def test_run_dev_starts_one_worker_and_stops_it_with_the_server(monkeypatch):
    from safecity.core.management.commands import run_dev

    monkeypatch.delenv("RUN_MAIN", raising=False)
    worker = mock.Mock(pid=4242)
    worker.poll.return_value = None
    with (
        mock.patch.object(run_dev.subprocess, "Popen", return_value=worker) as popen,
        mock.patch.object(run_dev, "call_command", side_effect=KeyboardInterrupt) as runserver,
        mock.patch.object(run_dev.os, "killpg") as killpg,
        mock.patch.object(run_dev.signal, "signal"),
    ):
        call_command("run_dev", "127.0.0.1:8123", "--noreload")
    command = popen.call_args.args[0]
    assert command[-4:] == ["db_worker", "--interval", "1", "--no-reload"]
    assert popen.call_args.kwargs["start_new_session"] is True
    runserver.assert_called_once_with("runserver", "127.0.0.1:8123", use_reloader=False)
    killpg.assert_called_once_with(4242, signal.SIGTERM)
    worker.wait.assert_called_once()


def test_run_dev_starts_no_second_worker_in_the_reloaded_server(monkeypatch):
    from safecity.core.management.commands import run_dev

    monkeypatch.setenv("RUN_MAIN", "true")
    with (
        mock.patch.object(run_dev.subprocess, "Popen") as popen,
        mock.patch.object(run_dev, "call_command") as runserver,
    ):
        call_command("run_dev")
    popen.assert_not_called()
    runserver.assert_called_once_with("runserver", "127.0.0.1:8000", use_reloader=True)
