from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..models import SixsWeeklySelection


class SixsWeeklySelectionApi(ErpModelRestApi):
    """``POST {"week_start": any day of the week}`` creates the week's selection
    with the system's proposal; change ``best_person_id`` / ``worst_person_id``
    while it is proposed, then ``POST /<id>/confirm``.  ``/<id>/repropose``
    recomputes the proposal, ``/<id>/reopen`` (with a reason) undoes a
    confirmation while the month is open."""

    resource_name = "sixs_weekly_selection"
    datamodel = SQLAInterface(SixsWeeklySelection)
    include_route_methods = {"get", "get_list", "info", "post", "put", "transition"}
    list_columns = show_columns = [
        "id", "site_id", "week_start", "friday", "month", "proposed_best_id",
        "proposed_worst_id", "best_person_id", "worst_person_id", "note", "state",
        "version"]
    add_columns = ["week_start", "best_person_id", "worst_person_id", "note"]
    edit_columns = ["best_person_id", "worst_person_id", "note"]
    order_columns = ["week_start", "month", "state"]
