"""Know the population: indicators computed from the data the place has accepted."""
