"""Special review pages (重大问题专项研判): candidates, reviews, and the steps of each review.

Thin views: a scoped selector reads, one `reviews` service writes through
`call_service`, and a refusal shows the page again with the form's errors (422).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wangge.access.jurisdiction import departments_visible_to, region_get_for_user
from wangge.cases.access import cases_visible_to
from wangge.catalogue.selectors import category_get_by_code
from wangge.reviews import selectors, services
from wangge.reviews.permissions import acts_for_department, is_city_office
from wangge.workbench.forms.reviews import (
    CasesForm,
    CloseForm,
    DecisionForm,
    MinutesForm,
    ReviewOpenForm,
    TaskCancelForm,
    TaskForm,
    TaskReportForm,
)
from wangge.workbench.service_calls import call_service, form_problems


@login_required
@require_GET
def review_list(request):
    """The reviews of the reader's area and the candidates the record makes stand out."""
    context = {
        "reviews": list(
            selectors.reviews_visible_to(request.user).select_related(
                "region", "category"
            )[:200]
        ),
        "candidates": selectors.candidates_for(request.user),
        "may_open": is_city_office(request.user),
        "form": ReviewOpenForm(),
    }
    return render(request, "workbench/reviews/review_list.html", context)


def _open(user, data):
    """Open from a candidate when one is named, else by hand from an area code."""
    if data["candidate"]:
        try:
            found = selectors.candidate_get(user, data["candidate"])
        except Http404:
            raise ValidationError({"title": [_("No such candidate.")]}) from None
        options = {
            "region": found.area,
            "category": found.category,
            "trigger": found.kind,
            "source_key": found.key,
            "case_ids": found.case_ids,
        }
    else:
        try:
            region = region_get_for_user(user, data["region"])
        except Http404:
            raise ValidationError(
                {"region": [_("No such region in your jurisdiction.")]}
            ) from None
        category = category_get_by_code(data["category"]) if data["category"] else None
        options = {"region": region, "category": category}
    return services.review_open(
        actor=user, title=data["title"], analysis=data["analysis"], **options
    )


@login_required
@require_POST
def review_open(request):
    form = ReviewOpenForm(request.POST)
    outcome = call_service(form, lambda: _open(request.user, form.cleaned_data))
    if outcome.ok:
        messages.success(request, _("Special review opened."))
        return redirect(outcome.value)
    messages.error(request, "; ".join(form_problems(form)))
    return redirect("workbench:reviews")


def _review_page(request, review, failed=None, status=200):
    detail = selectors.review_detail(request.user, review)
    office = is_city_office(request.user)
    forms = {}
    if office and review.is_open:
        departments = list(
            departments_visible_to(request.user).order_by("region__path", "code")
        )
        forms = {
            "cases": CasesForm(prefix="cases"),
            "minutes": MinutesForm(prefix="minutes"),
            "decision": DecisionForm(prefix="decision"),
            "task": TaskForm(prefix="task", departments=departments),
            "close": CloseForm(prefix="close"),
        }
    if failed:
        forms[failed[0]] = failed[1]
    for task in detail.tasks:
        task.may_report = task.state == "open" and acts_for_department(
            request.user, task.department_id
        )
    context = {
        "detail": detail,
        "review": review,
        "forms": forms,
        "office": office,
        "report_form": TaskReportForm(),
        "cancel_form": TaskCancelForm() if office and review.is_open else None,
    }
    return render(
        request, "workbench/reviews/review_detail.html", context, status=status
    )


@login_required
@require_GET
def review_detail(request, pk):
    """One review: cases, chart, minutes, decisions, tasks with their deadlines."""
    return _review_page(request, selectors.review_get_for_user(request.user, pk))


def _departments(user):
    return {str(d.pk): d for d in departments_visible_to(user)}


def _case_ids(user, numbers: list[str]) -> list[int]:
    """The ids of the cases of these numbers the user sees; an unknown one is refused."""
    found = dict(
        cases_visible_to(user).filter(number__in=numbers).values_list("number", "pk")
    )
    missing = [n for n in numbers if n not in found]
    if missing:
        raise ValidationError(
            {
                "numbers": [
                    _("No such case: %(numbers)s.") % {"numbers": ", ".join(missing)}
                ]
            }
        )
    return list(found.values())


# Each step of a review: its form and the service it calls with the form's data.
STEPS = {
    "cases": (
        CasesForm,
        lambda review, user, data: services.review_cases_link(
            review=review, actor=user, case_ids=_case_ids(user, data["numbers"])
        ),
    ),
    "minutes": (
        MinutesForm,
        lambda review, user, data: services.review_minutes_add(
            review=review, actor=user, **data
        ),
    ),
    "decision": (
        DecisionForm,
        lambda review, user, data: services.review_decide(
            review=review, actor=user, **data
        ),
    ),
    "task": (
        TaskForm,
        lambda review, user, data: services.review_task_assign(
            review=review,
            actor=user,
            department=_departments(user)[data["department"]],
            title=data["title"],
            working_days=data["working_days"],
        ),
    ),
    "close": (
        CloseForm,
        lambda review, user, data: services.review_close(
            review=review, actor=user, conclusion=data["conclusion"]
        ),
    ),
}


@login_required
@require_POST
def review_step(request, pk, step):
    """Record minutes, a decision or a task, or close the review."""
    if step not in STEPS:
        raise Http404
    review = selectors.review_get_for_user(request.user, pk)
    form_class, run = STEPS[step]
    extra = (
        {"departments": list(departments_visible_to(request.user))}
        if step == "task"
        else {}
    )
    form = form_class(request.POST, prefix=step, **extra)
    outcome = call_service(form, lambda: run(review, request.user, form.cleaned_data))
    if outcome.ok:
        messages.success(request, _("Recorded."))
        return redirect(review)
    return _review_page(request, review, failed=(step, form), status=422)


@login_required
@require_POST
def review_task_report(request, pk):
    """The department reports its task done."""
    task = selectors.review_task_get_for_user(request.user, pk)
    form = TaskReportForm(request.POST)
    outcome = call_service(
        form,
        lambda: services.review_task_report(
            task=task, actor=request.user, report=form.cleaned_data["report"]
        ),
    )
    if outcome.ok:
        messages.success(request, _("Task reported done."))
    else:
        messages.error(request, "; ".join(form_problems(form)))
    return redirect(task.review)


@login_required
@require_POST
def review_task_cancel(request, pk):
    """The city office withdraws a task, saying why."""
    task = selectors.review_task_get_for_user(request.user, pk)
    form = TaskCancelForm(request.POST)
    outcome = call_service(
        form,
        lambda: services.review_task_cancel(
            task=task, actor=request.user, note=form.cleaned_data["note"]
        ),
    )
    if outcome.ok:
        messages.success(request, _("Task withdrawn."))
    else:
        messages.error(request, "; ".join(form_problems(form)))
    return redirect(task.review)
