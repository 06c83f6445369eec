"""Generic views every app configures declaratively (NetBox's ObjectListView and friends).

A list view restricts, filters, searches, paginates and exports exactly what it filtered; when
htmx asks for the table region it renders only that partial.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wenming.core.errors import DomainError
from wenming.core.excel import Column
from wenming.core.exports import export_response
from wenming.core.permissions import has_perm


@dataclass(frozen=True)
class TableColumn:
    """A column of a list table: `key` is an attribute path; `link` makes it the detail link."""

    key: str
    header: str | Promise
    link: bool = False
    template: str | None = None

    def value(self, obj: Any) -> Any:
        value = obj
        for part in self.key.split("__"):
            if value is None:
                return None
            display = getattr(value, f"get_{part}_display", None)
            value = display() if callable(display) else getattr(value, part, None)
            if callable(value) and not hasattr(value, "all"):
                value = value()
        return value


#: What an action raises when it refuses: shown to the person, never a server error.
ACTION_ERRORS = (DomainError, ValidationError)


def error_messages(error: DomainError | ValidationError) -> list[str]:
    """The messages of an action's refusal, as the person reads them."""
    if isinstance(error, ValidationError):
        return [str(message) for message in error.messages]
    return [str(error.message)]


def add_action_error(form, error: DomainError | ValidationError, *, field: str | None = None):
    """Show an action's refusal on `form`: a `ValidationError`'s field errors (`field_error`)
    beside the fields the form has, one that names no field beside `field` (when given), the
    rest and a `DomainError` on top of the form."""
    if isinstance(error, DomainError):
        form.add_error(None, ValidationError(str(error.message), code=error.code))
    elif hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(field, error)


@contextmanager
def errors_on_form(form, *, field: str | None = None) -> Iterator[None]:
    """Run an action from a valid form; a refusal is put on the form and the block ends::

    if form.is_valid():
        with errors_on_form(form):
            actions.do_something(…, actor=request.user)
            return action_done(request, url, _("Saved."))
    return self.render_form(form, status=form_status(request))
    """
    try:
        yield
    except ACTION_ERRORS as error:
        add_action_error(form, error, field=field)


@contextmanager
def errors_into(errors: list[str]) -> Iterator[list[str]]:
    """Run an action for a page that lists errors itself: a refusal's messages are added to
    `errors` and the block ends."""
    try:
        yield errors
    except ACTION_ERRORS as error:
        errors.extend(error_messages(error))


@contextmanager
def errors_as_messages(request) -> Iterator[None]:
    """Run an action from a button (no form to show errors on): a refusal becomes an error
    message on the next page, and the view goes on to its redirect."""
    errors: list[str] = []
    with errors_into(errors):
        yield
    for message in errors:
        messages.error(request, message)


def form_status(request) -> int:
    """The status of a form shown again with errors: 422 for htmx (configured in `base.html`
    to swap it in), 200 for a plain browser post."""
    return 422 if request.htmx else 200


def action_done(request, url: str, message: Any = None) -> HttpResponse:
    """After a successful action: the success message, then the redirect (`HX-Redirect` for an
    htmx request, which would otherwise swap the whole next page into the form's place)."""
    if message:
        messages.success(request, message)
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class PermissionRequiredMixin(LoginRequiredMixin):
    """Require the named permission before anything else runs, checked against the view's
    `model` class (or `permission_model`), so that a change of rows shared across the
    jurisdiction needs a jurisdiction-wide grant here too. The action the view calls checks
    again, on the object: this is only the friendlier early page."""

    permission: str | None = None
    permission_model: Any = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        model = self.permission_model or getattr(self, "model", None)
        if self.permission and not has_perm(request.user, self.permission, model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ObjectListView(PermissionRequiredMixin, TemplateView):
    model: Any = None
    permission: str | None = None
    filterset_class: Any = None
    search_fields: tuple[str, ...] = ()
    columns: tuple[TableColumn, ...] = ()
    export_columns: tuple[Column, ...] = ()
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    ordering: tuple[str, ...] | None = None
    paginate_by = 25
    title: Any = ""
    add_url_name: str | None = None
    #: The permission the row link's page needs, when it is not this list's own (a list of
    #: shared rows whose link is the edit page): without it the rows are not links.
    link_permission: str | None = None
    add_permission: str | None = None
    template_name = "core/object_list.html"
    table_template_name = "core/partials/object_table.html"
    search_placeholder: Any = _("Search")

    def base_queryset(self) -> QuerySet:
        queryset = self.model.objects.restrict(self.request.user, self.permission)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        if self.ordering:
            queryset = queryset.order_by(*self.ordering)
        return queryset

    def get_filterset(self, queryset: QuerySet):
        if self.filterset_class is None:
            return None
        return self.filterset_class(
            self.request.GET or None, queryset=queryset, request=self.request
        )

    def filtered_queryset(self) -> tuple[QuerySet, Any]:
        queryset = self.base_queryset()
        filterset = self.get_filterset(queryset)
        if filterset is not None and filterset.is_bound and filterset.is_valid():
            queryset = filterset.qs
        search = self.request.GET.get("q", "").strip()
        if search and self.search_fields:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{field: search})
            queryset = queryset.filter(condition)
        return queryset, filterset

    def get(self, request, *args, **kwargs):
        queryset, filterset = self.filtered_queryset()
        if request.GET.get("export") == "xlsx" and self.export_columns:
            name = f"{self.title}-{timezone.localdate():%Y%m%d}.xlsx"
            return export_response(
                request,
                model=self.model,
                columns=list(self.export_columns),
                objects=queryset.iterator(chunk_size=2000),
                filename=name,
                title=str(self.title),
            )
        paginator = Paginator(queryset, self.paginate_by)
        page = paginator.get_page(request.GET.get("page"))
        context = self.get_context_data(
            page=page, filterset=filterset, object_list=page.object_list, **kwargs
        )
        if request.htmx and request.htmx.target == "object-table":
            self.template_name = self.table_template_name
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        page = kwargs["page"]
        context.update(
            {
                "title": self.title,
                "columns": self.columns,
                "rows": [
                    (obj, [(column, column.value(obj)) for column in self.columns])
                    for obj in page.object_list
                ],
                "query_string": query.urlencode(),
                "can_export": bool(self.export_columns),
                "search_enabled": bool(self.search_fields),
                "search_placeholder": self.search_placeholder,
                "table_template_name": self.table_template_name,
                "link_rows": not self.link_permission
                or has_perm(self.request.user, self.link_permission, self.model),
                "add_url_name": self.add_url_name
                if self.add_url_name
                and has_perm(self.request.user, self.add_permission or self.permission, self.model)
                else None,
            }
        )
        return context


class ObjectDetailView(PermissionRequiredMixin, TemplateView):
    model: Any = None
    permission: str | None = None
    lookup_field = "pk"
    select_related: tuple[str, ...] = ()

    def get_object(self):
        queryset = self.model.objects.restrict(self.request.user, self.permission)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        return get_object_or_404(queryset, **{self.lookup_field: self.kwargs[self.lookup_field]})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        return context

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(**kwargs))


class ObjectEditView(PermissionRequiredMixin, TemplateView):
    """Create (no pk in the URL) or edit an object through a form and an action.

    `save(form, instance)` calls the app's action and returns the saved object; a
    `ValidationError` or `DomainError` from the action is shown on the form and nothing is
    written.
    """

    model: Any = None
    form_class: Any = None
    permission: str | None = None
    template_name = "core/object_edit.html"
    title: Any = ""

    def get_instance(self):
        if "pk" not in self.kwargs:
            if not has_perm(self.request.user, self.permission, self.model):
                raise PermissionDenied
            return None
        queryset = self.model.objects.restrict(self.request.user, self.permission)
        try:
            return queryset.get(pk=self.kwargs["pk"])
        except self.model.DoesNotExist as error:
            raise Http404 from error

    def get_form(self, instance):
        kwargs: dict[str, Any] = {"instance": instance, "request": self.request}
        if self.request.method == "POST":
            kwargs.update(data=self.request.POST, files=self.request.FILES)
        return self.form_class(**kwargs)

    def save(self, form, instance):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def success_url(self, obj) -> str:
        return obj.get_absolute_url()

    def get(self, request, *args, **kwargs):
        instance = self.get_instance()
        return self.render_to_response(self._context(self.get_form(instance), instance))

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        form = self.get_form(instance)
        if form.is_valid():
            with errors_on_form(form):
                obj = self.save(form, instance)
                return action_done(request, self.success_url(obj), _("Saved."))
        response = self.render_to_response(self._context(form, instance))
        response.status_code = form_status(request)
        return response

    def _context(self, form, instance):
        return self.get_context_data(form=form, object=instance, title=self.title)
