// Package geo places practices by postcode: it reads postcodes.csv (full
// postcodes or postcode districts with their centroids) into a Gazetteer,
// normalises postcodes and finds a postcode's outward code. Coordinates
// are orb.Points, [lon, lat].
package geo
