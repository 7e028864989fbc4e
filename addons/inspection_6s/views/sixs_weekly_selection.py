import datetime

from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from core.base import ErpModelView
from core.workflow import N_

from ..models import SixsWeeklySelection
from .common import STAFF_ONLY


def a_coming_monday(n: int) -> str:
    """A week of its own for each selection the form walk adds (in an open month)."""
    today = datetime.date.today()
    return (today - datetime.timedelta(days=today.weekday())
            + datetime.timedelta(weeks=n)).isoformat()


class SixsWeeklySelectionView(ErpModelView):
    datamodel = SQLAInterface(SixsWeeklySelection)
    titles = (N_("Weekly 6S selections"), N_("Weekly 6S selection"),
              N_("Select the week's best and worst 6S performer"),
              N_("Change the week's best and worst 6S performer"))
    list_columns = ["week_start", "friday", "month", "proposed_best", "proposed_worst",
                    "best_person", "worst_person", "state_label"]
    show_columns = ["week_start", "friday", "month", "proposed_best", "proposed_worst",
                    "best_person", "worst_person", "note", "state_label", "version"]
    add_columns = ["week_start", "best_person", "worst_person", "note"]
    edit_columns = ["best_person", "worst_person", "note"]
    search_columns = ["month", "state", "best_person", "worst_person"]
    order_columns = ["week_start"]
    label_columns = {
        "week_start": _l("Week (Monday)"), "friday": _l("Friday"), "month": _l("Counts for"),
        "proposed_best": _l("Proposed best"), "proposed_worst": _l("Proposed worst"),
        "best_person": _l("Best"), "worst_person": _l("Worst"), "note": _l("Note"),
        "state": _l("State"), "state_label": _l("State"), "version": _l("Version"),
    }
    description_columns = {
        "best_person": _l("Empty on a new selection: the system's proposal."),
    }
    add_form_query_rel_fields = edit_form_query_rel_fields = {
        "best_person": STAFF_ONLY, "worst_person": STAFF_ONLY}
    form_examples = {"week_start": a_coming_monday}
