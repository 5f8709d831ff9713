"""How a run talks HTTP: a case's exact request, the pacing client, the exchange record."""
