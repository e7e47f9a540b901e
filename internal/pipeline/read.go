package pipeline

import (
	"errors"
	"io/fs"
	"runtime"
	"sort"
	"sync"

	"ratingsite/internal/cqc"
	"ratingsite/internal/cqc/api"
	"ratingsite/internal/cqc/ratings"
	"ratingsite/internal/diag"
	"ratingsite/internal/geo"
	"ratingsite/internal/site"
)

// readSite reads every file of the data input once and builds the model.
//
//	ratings/*.csv, *.ods, *.xlsx  CQC Latest-ratings files (at least one, or an API document)
//	api/*.json      CQC API location documents (optional)
//	postcodes.csv   postcode centroids (optional)
//	enforcement.csv CQC enforcement actions (optional)
//
// It also returns what was read, for the figures as at earlier months.
func readSite(cfg Config, data input, problems *diag.List) (*site.Site, site.Input) {
	var in site.Input
	in.Categories = site.Categories(cfg.Categories)
	if st, err := fs.Stat(data.fsys, "."); data.fsys == nil || err != nil || !st.IsDir() {
		problems.Errorf(data.name, 0, "", "pass -data DIR, the folder that holds ratings/*.csv", "data directory not found")
		return nil, in
	}
	var csvs []string
	for _, ext := range ratings.Extensions {
		csvs = append(csvs, data.glob("ratings/*"+ext, problems)...)
	}
	sort.Strings(csvs)
	jsons := data.glob("api/*.json", problems)
	if len(csvs) == 0 && len(jsons) == 0 {
		problems.Errorf(data.file("ratings"), 0, "",
			"put CQC's Latest ratings file (.ods, .xlsx, or its Locations sheet saved as CSV) in "+data.file("ratings")+"/", "no ratings found: no ratings/*.csv, *.ods or *.xlsx, or api/*.json")
		return nil, in
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for _, f := range csvs {
			in.Ratings = append(in.Ratings, ratings.ReadFS(data.fsys, f, data.file(f), ratings.Options{Categories: in.Categories}, problems)...)
		}
	}()
	go func() {
		defer wg.Done()
		in.API = readAPI(data, jsons, problems)
	}()
	if f, err := data.fsys.Open("postcodes.csv"); err == nil {
		in.Postcodes = geo.ReadPostcodes(f, data.file("postcodes.csv"), problems)
		f.Close()
	} else if !errors.Is(err, fs.ErrNotExist) {
		problems.Errorf(data.file("postcodes.csv"), 0, "", "", "cannot read: %v", diag.Renamed(err, data.file("postcodes.csv")))
	}
	in.Enforcement = readEnforcement(data, problems)
	wg.Wait()
	in.Enforcement = knownLocations(in, problems)
	if problems.HasErrors() {
		site.CheckMonths(in.Ratings, problems) // New, which would, does not run
		return nil, in
	}
	return site.New(in, problems), in
}

// readAPI reads the data input's API documents (files) in parallel,
// keeping their order.
func readAPI(data input, files []string, problems *diag.List) []*cqc.Location {
	out := make([]*cqc.Location, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				file := data.file(files[i])
				f, err := data.fsys.Open(files[i])
				if err != nil {
					problems.Errorf(file, 0, "", "", "cannot read: %v", diag.Renamed(err, file))
					continue
				}
				out[i] = api.Read(f, file, problems)
				f.Close()
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return api.Dedupe(out, problems)
}
