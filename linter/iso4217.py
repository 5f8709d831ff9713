"""ISO 4217 alphabetic currency codes: List One as published 2026-01-01.

tests/linter_vendor/test_iso4217_list.py checks both sets against the maintained ``iso4217``
package (the standard's own table), so an amendment shows up as a failing test.
"""

from __future__ import annotations

_ACTIVE = """
AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD BND BOB BOV BRL BSD BTN BWP
BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB
EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD
JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP
MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR
RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND
TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAD XAF XAG XAU XBA
XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG
"""

_WITHDRAWN = "ANG BGN BYR CUC EEK HRK LTL LVL MRO SKK SLL STD VEB VEF ZMK ZWL"

ACTIVE_CODES: frozenset[str] = frozenset(_ACTIVE.split())
"""Codes in the current list (funds, precious metals and test codes included)."""

WITHDRAWN_CODES: frozenset[str] = frozenset(_WITHDRAWN.split())
"""Codes withdrawn from the list in recent years; given a clearer message than unknown codes."""

__all__ = [
    "ACTIVE_CODES",
    "WITHDRAWN_CODES",
]
