"""Breakers of the Norce relation rules (NR…)."""

from __future__ import annotations

from contracts.breakers.norce import payload as norce
from contracts.breakers.registry import Draw, breaks
from contracts.generate import values as v
from contracts.generate.norce_header import HEADER_SCHEMAS, governed
from contracts.generate.payloads import Payload
from linter.codes import (
    RELATION_CULTURE_CODE_FORMAT,
    RELATION_TO_ITSELF,
)


@breaks(RELATION_TO_ITSELF, ("norce.relations",))
def _relation_to_itself(draw: Draw, payload: Payload) -> Payload:
    row = norce.items(payload)[0]
    row["RelatedPartNo"] = row["PartNo"]
    return payload


@breaks(RELATION_CULTURE_CODE_FORMAT, ("norce.relations",))
def _relation_culture(draw: Draw, payload: Payload) -> Payload:
    header_schema = HEADER_SCHEMAS["norce.relations"]
    gov = governed("Relation", header_schema)
    culture_gov = governed("RelationCulture", header_schema)
    norce.add_flag(payload, gov.list_name, gov.flag_of["Cultures"])
    if not norce.header_of(payload).get(culture_gov.list_name):
        norce.header_of(payload)[culture_gov.list_name] = [culture_gov.flag_of["Name"]]
    flagged = culture_gov.properties_for(sorted(norce.names(payload, culture_gov.list_name)))
    for row in norce.items(payload):
        if "Cultures" not in row:
            row["Cultures"] = [{"CultureCode": draw(v.culture()), **{p: "Text" for p in flagged}}]
    norce.items(payload)[0]["Cultures"][0]["CultureCode"] = draw(norce.bad_culture())
    return payload
