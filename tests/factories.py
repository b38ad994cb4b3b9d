"""factory_boy factories: short, explicit test data on top of the loaded reference data."""

import factory

from municipalities.models import Municipality, Province


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    code = factory.Sequence(lambda n: f"{90000 + n}")
    name = factory.Sequence(lambda n: f"Testgemeente {n}")
    province = factory.LazyFunction(lambda: Province.objects.get(iso_code="BE-VAN"))
