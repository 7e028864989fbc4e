"""What every page of this addon shares: the same checks as at flush, run before
FAB adds or edits, so a bad value is a message on the form and never a 500."""
import os

from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import DataRequired, Optional

from core.base import ErpModelView, ErpSQLAInterface
from core.workflow import InvalidInput

from ..models.guards import check_row

TEMPLATES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "templates")
CATEGORY = "6S"
CATEGORY_LABEL = _l("6S")
STAFF_ONLY = [["dealer_id", FilterEqual, None]]


def readable(error: InvalidInput) -> str:
    return " ".join(str(message) for messages in error.messages.values()
                    for message in messages)


class SixsInterface(ErpSQLAInterface):
    """The host's interface; a refusal at flush is rolled back and reported as a
    sentence (FAB's pages flash the text of what ``add``/``edit`` raise)."""

    def _commit_or_explain(self, commit: bool) -> None:
        try:
            super()._commit_or_explain(commit)
        except InvalidInput as error:
            self.session.rollback()
            raise ValueError(readable(error)) from error


class SixsModelView(ErpModelView):
    template_folder = TEMPLATES

    def _checked(self, item, creating: bool) -> None:
        try:
            check_row(self.datamodel.session, item, creating)
        except InvalidInput as error:
            self.datamodel.session.rollback()
            raise ValueError(readable(error)) from error

    def pre_add(self, item):
        self._checked(item, creating=True)

    def pre_update(self, item):
        self._checked(item, creating=False)


def select_field(label, vocabulary: dict, required: bool = True) -> SelectField:
    choices = ([] if required else [("", "")]) + list(vocabulary.items())
    return SelectField(label, choices=choices,
                       validators=[DataRequired() if required else Optional()])
