package main

import (
	"flag"

	"ratingsite/internal/pipeline"
)

// mapFlags declares the map options of build and check.
func mapFlags(fs *flag.FlagSet, cfg *pipeline.Config) {
	fs.StringVar(&cfg.Tiles, "tiles", "", "tile `URL` template, e.g. https://tile.example.org/{z}/{x}/{y}.png, for a slippy base map under the maps (default off: no third party is contacted; see docs/maps.md for the CSP it adds)")
	fs.StringVar(&cfg.TilesAttribution, "tiles-attribution", "", "the tile provider's required `credit`, shown under maps with -tiles")
}
