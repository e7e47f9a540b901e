package search

import (
	"iter"
	"regexp"
	"slices"
	"strings"

	"github.com/paulmach/orb"
)

var (
	outwardRe = regexp.MustCompile(`^[A-Z]{1,2}[0-9][A-Z0-9]?$`)
	inwardRe  = regexp.MustCompile(`^[0-9][A-Z]{2}$`)
)

// SplitPostcode splits a postcode (any case and spacing) into its outward
// and inward codes; inward is "" for an outward code alone. ok is false
// for anything that is not shaped like a UK postcode.
func SplitPostcode(s string) (outward, inward string, ok bool) {
	n := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if outwardRe.MatchString(n) {
		return n, "", true
	}
	if len(n) >= 5 && inwardRe.MatchString(n[len(n)-3:]) && outwardRe.MatchString(n[:len(n)-3]) {
		return n[:len(n)-3], n[len(n)-3:], true
	}
	return "", "", false
}

func leadingLetters(s string) string {
	i := 0
	for i < len(s) && s[i] >= 'A' && s[i] <= 'Z' {
		i++
	}
	return s[:i]
}

type district struct {
	explicit bool
	lat, lon float64 // the explicit centroid, or the sum of the postcodes'
	n        int
	sectors  map[byte]map[string][2]float64
}

// buildPostcodes publishes the centroids of postcodes.csv: per postcode
// area, p/<AREA>.json maps each outward code to [lat, lon, sectors] (its
// own row's centroid, or else the mean of its full postcodes, and the
// sector digits that have files); per sector, p/<OUTWARD>-<digit>.json
// maps each inward code to [lat, lon]. Codes that are not shaped like UK
// postcodes are left out.
func buildPostcodes(ix *Index, pcs iter.Seq2[string, orb.Point]) {
	ds := map[string]*district{}
	get := func(out string) *district {
		d := ds[out]
		if d == nil {
			d = &district{sectors: map[byte]map[string][2]float64{}}
			ds[out] = d
		}
		return d
	}
	for code, pt := range pcs {
		out, in, ok := SplitPostcode(code)
		if !ok {
			continue
		}
		lat, lon := Round(pt[1]), Round(pt[0])
		d := get(out)
		if in == "" {
			d.explicit, d.lat, d.lon = true, lat, lon
			continue
		}
		s := d.sectors[in[0]]
		if s == nil {
			s = map[string][2]float64{}
			d.sectors[in[0]] = s
		}
		s[in] = [2]float64{lat, lon}
		if !d.explicit {
			d.lat += lat
			d.lon += lon
			d.n++
		}
	}
	areas := map[string]map[string][]any{}
	for out, d := range ds {
		lat, lon := d.lat, d.lon
		if !d.explicit {
			lat, lon = Round(lat/float64(d.n)), Round(lon/float64(d.n))
		}
		var digits []byte
		for c, s := range d.sectors {
			digits = append(digits, c)
			ix.put("p/"+out+"-"+string(c)+".json", s)
		}
		slices.Sort(digits)
		a := leadingLetters(out)
		if areas[a] == nil {
			areas[a] = map[string][]any{}
		}
		areas[a][out] = []any{lat, lon, string(digits)}
	}
	for a, m := range areas {
		ix.Meta.Areas = append(ix.Meta.Areas, a)
		ix.put("p/"+a+".json", m)
	}
	slices.Sort(ix.Meta.Areas)
}
