import pytest


@pytest.fixture
def assessor():
    from model.assess import Assessor

    return Assessor(None)
