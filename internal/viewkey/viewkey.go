package viewkey

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/zeebo/xxh3"

	"ratingsite/internal/content"
	"ratingsite/internal/figures"
	"ratingsite/internal/mapsvg"
	"ratingsite/internal/site"
	"ratingsite/internal/view"
)

// Hasher hashes values structurally. Values of sharedTypes, which live
// for the whole build and are reached from many pages (a practice's list
// row is in up to a dozen lists), are hashed once per build and
// remembered by pointer; the memo holds the pointer, so the object stays
// alive and its address cannot be reused by another within the build.
// Safe for concurrent use.
type Hasher struct {
	memo sync.Map // pointer (as any) → xxh3.Uint128
}

// sharedTypes are the pointer types whose values are made once per build
// and shared by many pages.
var sharedTypes = map[reflect.Type]bool{
	reflect.TypeFor[*view.PracticeRow]():   true,
	reflect.TypeFor[*view.Shared]():        true,
	reflect.TypeFor[*figures.Scope]():      true,
	reflect.TypeFor[*figures.Regulation](): true,
	reflect.TypeFor[*content.Page]():       true,
	reflect.TypeFor[*content.Release]():    true,
	reflect.TypeFor[*mapsvg.Outline]():     true,
}

// references are the model's entities, hashed by identity: see the
// package comment.
var references = map[reflect.Type]func(w *hashWalk, v reflect.Value){
	reflect.TypeFor[*site.Practice](): func(w *hashWalk, v reflect.Value) {
		w.str((*site.Practice)(v.UnsafePointer()).ID)
	},
	reflect.TypeFor[*site.Area](): func(w *hashWalk, v reflect.Value) {
		a := (*site.Area)(v.UnsafePointer())
		w.u64(uint64(a.Kind))
		w.str(a.Slug)
	},
	reflect.TypeFor[*site.Month](): func(w *hashWalk, v reflect.Value) {
		m := (*site.Month)(v.UnsafePointer())
		w.str(m.File)
		w.time(m.Month)
	},
}

// IsReference reports whether values of type t are references into the
// model, hashed by identity and not by content.
func IsReference(t reflect.Type) bool {
	_, ok := references[t]
	return ok
}

var timeType = reflect.TypeFor[time.Time]()

// Omit, set only by tests, leaves a field out of every hash: the
// tests that prove incremental rendering equals a clean build must fail
// then.
var Omit func(t reflect.Type, field int) bool

// maxDepth bounds the walk: a view deeper than this has a cycle, which a
// view must not have (make the type a reference instead).
const maxDepth = 100

var hasherPool = sync.Pool{New: func() any { return xxh3.New128() }}

// hashWalk is one walk, writing into one hasher.
type hashWalk struct {
	vh    *Hasher
	h     *xxh3.Hasher128
	depth int
	buf   [8]byte
}

// Key is the hash of a file's inputs, as the state file records it.
type Key = xxh3.Uint128

// String writes a Key for the state file.
func String(k Key) string {
	b := k.Bytes()
	return hex.EncodeToString(b[:])
}

// Sum hashes the values in vs, in order.
func (vh *Hasher) Sum(vs ...any) Key {
	h := hasherPool.Get().(*xxh3.Hasher128)
	h.Reset()
	w := hashWalk{vh: vh, h: h}
	for _, v := range vs {
		w.any(v)
	}
	k := h.Sum128()
	hasherPool.Put(h)
	return k
}

func (w *hashWalk) u64(x uint64) {
	binary.LittleEndian.PutUint64(w.buf[:], x)
	w.h.Write(w.buf[:])
}

func (w *hashWalk) byte1(b byte) {
	w.buf[0] = b
	w.h.Write(w.buf[:1])
}

func (w *hashWalk) str(s string) {
	w.u64(uint64(len(s)))
	w.h.WriteString(s)
}

func (w *hashWalk) time(t time.Time) {
	// The instant and the zone it is shown in; not the monotonic clock.
	name, off := t.Zone()
	w.u64(uint64(t.Unix()))
	w.u64(uint64(t.Nanosecond()))
	w.u64(uint64(off))
	w.str(name)
}

func (w *hashWalk) key(k Key) {
	b := k.Bytes()
	w.h.Write(b[:])
}

// any hashes an interface value: its dynamic type, then the value.
func (w *hashWalk) any(x any) {
	if x == nil {
		w.byte1(0)
		return
	}
	w.byte1(1)
	v := reflect.ValueOf(x)
	w.typ(v.Type())
	w.value(v)
}

func (w *hashWalk) typ(t reflect.Type) {
	w.str(t.PkgPath())
	w.str(t.String())
}

// value hashes v by its kind. Field names and types are not written: a
// change to a view type changes the program, and so every key.
func (w *hashWalk) value(v reflect.Value) {
	w.depth++
	if w.depth > maxDepth {
		panic(fmt.Sprintf("viewkey: a value of type %s is nested more than %d deep: a view must not have cycles", v.Type(), maxDepth))
	}
	defer func() { w.depth-- }()
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			w.byte1(1)
		} else {
			w.byte1(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.u64(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		w.u64(v.Uint())
	case reflect.Float32, reflect.Float64:
		w.u64(math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		w.u64(math.Float64bits(real(c)))
		w.u64(math.Float64bits(imag(c)))
	case reflect.String:
		w.str(v.String())
	case reflect.Slice:
		if v.IsNil() {
			w.byte1(0)
			return
		}
		w.byte1(1)
		fallthrough
	case reflect.Array:
		n := v.Len()
		w.u64(uint64(n))
		if v.Type().Elem().Kind() == reflect.Uint8 {
			if v.Kind() == reflect.Slice {
				w.h.Write(v.Bytes())
				return
			}
		}
		for i := range n {
			w.value(v.Index(i))
		}
	case reflect.Struct:
		if v.Type() == timeType {
			if t, ok := timeOf(v); ok {
				w.time(t)
				return
			}
		}
		for i := range v.NumField() {
			if Omit != nil && Omit(v.Type(), i) {
				continue
			}
			w.value(v.Field(i))
		}
	case reflect.Pointer:
		if v.IsNil() {
			w.byte1(0)
			return
		}
		w.byte1(1)
		t := v.Type()
		if ref, ok := references[t]; ok {
			ref(w, v)
			return
		}
		if sharedTypes[t] {
			w.key(w.vh.shared(v))
			return
		}
		w.value(v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			w.byte1(0)
			return
		}
		w.byte1(1)
		e := v.Elem()
		w.typ(e.Type())
		w.value(e)
	case reflect.Map:
		if v.IsNil() {
			w.byte1(0)
			return
		}
		w.byte1(1)
		// In the order of the keys' hashes: a map has no order of its own.
		type pair struct{ k, v Key }
		pairs := make([]pair, 0, v.Len())
		it := v.MapRange()
		for it.Next() {
			pairs = append(pairs, pair{w.vh.sub(it.Key()), w.vh.sub(it.Value())})
		}
		slices.SortFunc(pairs, func(a, b pair) int {
			if a.k.Hi != b.k.Hi {
				return cmpU64(a.k.Hi, b.k.Hi)
			}
			return cmpU64(a.k.Lo, b.k.Lo)
		})
		w.u64(uint64(len(pairs)))
		for _, p := range pairs {
			w.key(p.k)
			w.key(p.v)
		}
	default:
		// Func, Chan, UnsafePointer: not data, and nothing a template can
		// print deterministically.
		panic(fmt.Sprintf("viewkey: cannot hash a %s (%s): a view holds data only", v.Kind(), v.Type()))
	}
}

func cmpU64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// timeOf reads a time.Time, even from an unexported field; false when it
// cannot (an unexported field of a value held by value in an interface),
// and the time is then hashed field by field.
func timeOf(v reflect.Value) (time.Time, bool) {
	if v.CanInterface() {
		return v.Interface().(time.Time), true
	}
	if v.CanAddr() {
		return *(*time.Time)(v.Addr().UnsafePointer()), true
	}
	return time.Time{}, false
}

// sub hashes v on its own.
func (vh *Hasher) sub(v reflect.Value) Key {
	h := hasherPool.Get().(*xxh3.Hasher128)
	h.Reset()
	w := hashWalk{vh: vh, h: h}
	w.value(v)
	k := h.Sum128()
	hasherPool.Put(h)
	return k
}

// shared returns the hash of the pointer v of a shared type, once per
// build.
func (vh *Hasher) shared(v reflect.Value) Key {
	// NewAt reads the pointer even from an unexported field.
	p := reflect.NewAt(v.Type().Elem(), v.UnsafePointer()).Interface()
	if k, ok := vh.memo.Load(p); ok {
		return k.(Key)
	}
	k := vh.sub(v.Elem())
	vh.memo.Store(p, k)
	return k
}
