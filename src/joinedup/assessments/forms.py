"""Forms: a new round, links to make, and a respondent's answers."""

from django import forms

from joinedup.instruments import default_registry

from .actions import MAX_COMMENT_LENGTH, MAX_LINKS_PER_GROUP
from .models import StakeholderGroup


def instrument_choices():
    return [(f"{i.id}@{i.version}", f"{i.title} (version {i.version})") for i in default_registry()]


class RoundForm(forms.Form):
    partnership = forms.ChoiceField(
        error_messages={"required": "Choose the partnership to assess."},
    )
    instrument = forms.ChoiceField(
        label="Instrument",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an instrument."},
    )
    title = forms.CharField(
        max_length=200,
        help_text="For example, Partnership health check 2026.",
        error_messages={"required": "Enter a title for the round."},
    )
    opens_on = forms.DateField(
        label="Opens on",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the opening date.", "invalid": "Enter a real date."},
    )
    closes_on = forms.DateField(
        label="Closes on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Answers are accepted up to the end of this day.",
        error_messages={"required": "Enter the closing date.", "invalid": "Enter a real date."},
    )

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnerships = {str(p.pk): p for p in partnerships}
        self.fields["partnership"].choices = [("", "---------")] + [
            (str(p.pk), p.name) for p in partnerships
        ]
        self.fields["instrument"].choices = instrument_choices()

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "The closing date must be on or after the opening date.")
        return data

    def chosen(self):
        instrument_id, version = self.cleaned_data["instrument"].split("@", 1)
        return self.partnerships[self.cleaned_data["partnership"]], instrument_id, version


class InvitationsForm(forms.Form):
    """How many links for each partner organisation and stakeholder group."""

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = list(organisations)
        for organisation in self.organisations:
            for group in StakeholderGroup:
                self.fields[self.name(organisation, group)] = forms.IntegerField(
                    label=group.label,
                    min_value=0,
                    max_value=MAX_LINKS_PER_GROUP,
                    required=False,
                    error_messages={
                        "invalid": "Enter a whole number of links.",
                        "min_value": "Enter 0 or more.",
                        "max_value": f"Ask for at most {MAX_LINKS_PER_GROUP} links at a time.",
                    },
                )

    @staticmethod
    def name(organisation, group) -> str:
        return f"links_{organisation.pk}_{group.value}"

    def groups_of(self, organisation):
        return [self[self.name(organisation, group)] for group in StakeholderGroup]

    def counts(self):
        return {
            (organisation, group.value): self.cleaned_data.get(self.name(organisation, group)) or 0
            for organisation in self.organisations
            for group in StakeholderGroup
            if self.cleaned_data.get(self.name(organisation, group))
        }


def question_field(question_id: str) -> str:
    return "q_" + question_id.replace(".", "__")


def comment_field(section_id: str) -> str:
    return "comment_" + section_id


class AnswerForm(forms.Form):
    """Every statement as an optional radio question, and a comment box per section."""

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        several = len(instrument.effective_dimensions) > 1
        for question in instrument.questions:
            label = question.item.statement
            if several:
                label = f"{question.item.statement} – {question.dimension.label}"
            self.fields[question_field(question.id)] = forms.TypedChoiceField(
                label=label,
                choices=[(p.value, p.label) for p in question.scale.points],
                coerce=int,
                widget=forms.RadioSelect,
                required=False,
            )
        for section in instrument.sections:
            self.fields[comment_field(section.id)] = forms.CharField(
                label=f"Comments on ‘{section.title}’",
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=MAX_COMMENT_LENGTH,
                required=False,
                help_text="Please do not name anyone or say anything that would identify you.",
            )

    def sections(self):
        """(section, its question fields, its comment field) in order."""
        for section in self.instrument.sections:
            questions = [
                self[question_field(q.id)]
                for q in self.instrument.questions
                if q.item.section == section.id
            ]
            yield section, questions, self[comment_field(section.id)]

    def answers(self):
        return {
            q.id: self.cleaned_data.get(question_field(q.id)) for q in self.instrument.questions
        }

    def comments(self):
        return {
            s.id: self.cleaned_data.get(comment_field(s.id), "") for s in self.instrument.sections
        }

    @staticmethod
    def initial_from(invitation):
        initial = {question_field(k): v for k, v in invitation.draft_answers.items()}
        initial.update({comment_field(k): v for k, v in invitation.draft_comments.items()})
        return initial
