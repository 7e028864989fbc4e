"""What every page of this addon shares: its menu and form fields."""
from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import DataRequired, Optional

CATEGORY = "6S"
CATEGORY_LABEL = _l("6S")
STAFF_ONLY = [["dealer_id", FilterEqual, None]]


def select_field(label, vocabulary: dict, required: bool = True) -> SelectField:
    choices = ([] if required else [("", "")]) + list(vocabulary.items())
    return SelectField(label, choices=choices,
                       validators=[DataRequired() if required else Optional()])
