package pipeline

import (
	"os"
	"path/filepath"
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

// readSite reads every input under cfg.DataDir once and builds the model.
//
//	ratings/*.csv, *.ods, *.xlsx  CQC Latest-ratings files (at least one, or an API document)
//	api/*.json      CQC API location documents (optional)
//	postcodes.csv   postcode centroids (optional)
//	enforcement.csv CQC enforcement actions (optional)
//
// It also returns what was read, for the figures as at earlier months.
func readSite(cfg Config, problems *diag.List) (*site.Site, site.Input) {
	var in site.Input
	in.Categories = site.Categories(cfg.Categories)
	if st, err := os.Stat(cfg.DataDir); err != nil || !st.IsDir() {
		problems.Errorf(cfg.DataDir, 0, "", "pass -data DIR, the folder that holds ratings/*.csv", "data directory not found")
		return nil, in
	}
	var csvs []string
	for _, ext := range ratings.Extensions {
		csvs = append(csvs, glob(filepath.Join(cfg.DataDir, "ratings", "*"+ext), problems)...)
	}
	sort.Strings(csvs)
	jsons := glob(filepath.Join(cfg.DataDir, "api", "*.json"), problems)
	if len(csvs) == 0 && len(jsons) == 0 {
		problems.Errorf(filepath.Join(cfg.DataDir, "ratings"), 0, "",
			"put CQC's Latest ratings file (.ods, .xlsx, or its Locations sheet saved as CSV) in "+filepath.Join(cfg.DataDir, "ratings")+"/", "no ratings found: no ratings/*.csv, *.ods or *.xlsx, or api/*.json")
		return nil, in
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for _, f := range csvs {
			in.Ratings = append(in.Ratings, readCSV(f, in.Categories, problems)...)
		}
	}()
	go func() {
		defer wg.Done()
		in.API = readAPI(jsons, problems)
	}()
	pc := filepath.Join(cfg.DataDir, "postcodes.csv")
	if f, err := os.Open(pc); err == nil {
		in.Postcodes = geo.ReadPostcodes(f, pc, problems)
		f.Close()
	} else if !os.IsNotExist(err) {
		problems.Errorf(pc, 0, "", "", "cannot read: %v", err)
	}
	in.Enforcement = readEnforcement(cfg.DataDir, problems)
	wg.Wait()
	in.Enforcement = knownLocations(in, problems)
	if problems.HasErrors() {
		site.CheckMonths(in.Ratings, problems) // New, which would, does not run
		return nil, in
	}
	return site.New(in, problems), in
}

func glob(pattern string, problems *diag.List) []string {
	m, err := filepath.Glob(pattern)
	if err != nil {
		problems.Errorf(pattern, 0, "", "", "%v", err)
	}
	sort.Strings(m)
	return m
}

func readCSV(file string, cats []string, problems *diag.List) []*cqc.Location {
	return ratings.ReadFile(file, ratings.Options{Categories: cats}, problems)
}

// readAPI reads the API documents in parallel, keeping the file order.
func readAPI(files []string, problems *diag.List) []*cqc.Location {
	out := make([]*cqc.Location, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f, err := os.Open(files[i])
				if err != nil {
					problems.Errorf(files[i], 0, "", "", "cannot read: %v", err)
					continue
				}
				out[i] = api.Read(f, files[i], problems)
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
