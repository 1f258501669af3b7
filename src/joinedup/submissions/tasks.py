"""Background tasks (django-tasks; the database queue in production, run by `joinedup worker`)."""

from django_tasks import task

from . import processing


@task()
def check_submission(submission_id: str) -> str:
    """Check a submission, write its reports and load it if it is clean."""
    return processing.check(submission_id)
