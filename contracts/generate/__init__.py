"""Payload generation: values, coherent payloads per API, DataContract XML, the bytes a payload
is sent as, and the public Hypothesis strategies (:mod:`contracts.generate.strategies`)."""
