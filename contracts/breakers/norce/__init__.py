"""Breakers of the Norce imports: one module per rule family, and the payload helpers they share."""
