from .areas import Country, Municipality, MunicipalityQuerySet, Province
from .care_forms import FosterCareForm, FosterCareTopic
from .completeness import RegisterCompleteness
from .figures import KeyFigure
from .scopes import EditorProvince
from .services import FosterCareService
from .shapes import MapLayer, MapShape
from .status import Status, StatusEvent

__all__ = [
    "Country",
    "EditorProvince",
    "FosterCareForm",
    "FosterCareService",
    "FosterCareTopic",
    "KeyFigure",
    "MapLayer",
    "MapShape",
    "Municipality",
    "MunicipalityQuerySet",
    "Province",
    "RegisterCompleteness",
    "Status",
    "StatusEvent",
]
