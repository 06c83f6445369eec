"""Forms of the volunteer pages. Tenant querysets are set in __init__ (inside the scope)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wenming.core.forms import StyledForm
from wenming.organizations.choices import OrganizationKind
from wenming.organizations.models import Division, Organization
from wenming.volunteers.models import Team


class RegisterForm(StyledForm):
    name = forms.CharField(label=_("Real name"), max_length=50)
    id_number = forms.CharField(
        label=_("ID number"), max_length=30, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    township = forms.ModelChoiceField(
        label=_("Township or subdistrict"), queryset=Division.objects.none(), required=False
    )
    village = forms.ModelChoiceField(
        label=pgettext_lazy("volunteers", "Village or community"),
        queryset=Division.objects.none(),
        required=False,
    )
    skills = forms.CharField(label=_("Skills"), max_length=200, required=False)
    availability = forms.CharField(
        label=_("When you can serve"),
        max_length=200,
        required=False,
        help_text=_("For example: Friday afternoons, weekends"),
    )
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, min_length=8)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = Division.objects.filter(level="township")
        self.fields["village"].queryset = Division.objects.filter(level="village")

    def clean_password(self):
        password = self.cleaned_data["password"]
        validate_password(password)
        return password

    def clean(self):
        data = super().clean()
        township, village = data.get("township"), data.get("village")
        if village and township and village.parent_id != township.pk:
            self.add_error("village", _("This village is not in the chosen township."))
        return data


def _teams(request, permission):
    return Team.objects.restrict(request.user, permission).filter(is_active=True)


class ActivityForm(StyledForm):
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())
    title = forms.CharField(label=_("Title"), max_length=150)
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    quota = forms.IntegerField(label=_("Places"), min_value=1, max_value=100_000)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    latitude = forms.DecimalField(label=_("Latitude (WGS-84)"), required=False, max_digits=9)
    longitude = forms.DecimalField(label=_("Longitude (WGS-84)"), required=False, max_digits=9)
    radius_m = forms.IntegerField(label=_("Geofence radius (m)"), initial=300, min_value=10)
    requirements = forms.CharField(label=_("Requirements"), widget=forms.Textarea, required=False)
    description = forms.CharField(
        label=pgettext_lazy("volunteers", "Description"), widget=forms.Textarea, required=False
    )
    is_volunteer_day = forms.BooleanField(label=_("Volunteer service day"), required=False)
    is_hard = forms.BooleanField(label=_("Hard work"), required=False)
    is_risky = forms.BooleanField(label=_("Risky work"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = _teams(self.request, "volunteers.change_activity")


class TeamForm(StyledForm):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=100)
    leader_name = forms.CharField(label=_("Leader"), max_length=50, required=False)
    description = forms.CharField(
        label=pgettext_lazy("volunteers", "Description"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args, **kwargs):
        from wenming.organizations.models import Organization

        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.restrict(
            self.request.user, "volunteers.change_team"
        )


class ImportForm(StyledForm):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
    team = forms.ModelChoiceField(
        label=_("Add to team"), queryset=Team.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = _teams(self.request, "volunteers.change_team")


class CloseAttendanceForm(StyledForm):
    checked_out_at = forms.DateTimeField(
        label=_("Left at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class PartyRegistrationForm(StyledForm):
    """A Party member reports (报到) to the community where they live, naming their employer."""

    community = forms.ModelChoiceField(
        label=_("Residence community"), queryset=Organization.objects.none()
    )
    employer = forms.ModelChoiceField(
        label=_("Employer unit"), queryset=Organization.objects.none()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        active = Organization.objects.filter(is_active=True)
        self.fields["community"].queryset = active.filter(
            kind=OrganizationKind.VILLAGE_COMMITTEE
        ).order_by("name")
        self.fields["employer"].queryset = active.exclude(
            kind__in=(OrganizationKind.VILLAGE_COMMITTEE, OrganizationKind.TEAM)
        ).order_by("name")
