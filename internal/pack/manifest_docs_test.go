package pack

import (
	"maps"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestDocsManifestKeys: docs/pack.md's manifest.json table names every key Manifest
// writes, nested ones as parent.key (or among the keys listed in the row of their parent),
// and no key that Manifest no longer has.
func TestDocsManifestKeys(t *testing.T) {
	text, err := os.ReadFile("../../docs/pack.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(text)
	i := strings.Index(s, "## manifest.json")
	j := strings.Index(s[i+1:], "\n## ")
	if i < 0 || j < 0 {
		t.Fatal("docs/pack.md has no manifest.json section")
	}
	section := s[i : i+1+j]
	documented := map[string]bool{}
	rows := map[string]string{} // first cell's keys → the row
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 3 || strings.HasPrefix(strings.TrimSpace(cells[1]), "---") {
			continue
		}
		for _, m := range regexp.MustCompile("`([a-z0-9_.]+)`").FindAllStringSubmatch(cells[1], -1) {
			documented[m[1]] = true
			rows[m[1]] = line
		}
	}
	var keys []string
	var walk func(prefix string, typ reflect.Type)
	walk = func(prefix string, typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct {
			return
		}
		for f := range typ.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			keys = append(keys, prefix+name)
			walk(prefix+name+".", f.Type)
		}
	}
	walk("", reflect.TypeFor[Manifest]())
	for _, k := range keys {
		if documented[k] || slices.ContainsFunc(slices.Collect(maps.Keys(documented)), func(d string) bool { return strings.HasPrefix(d, k+".") }) {
			continue
		}
		// A nested key may be named in its parent's row instead: `files` lists path, size...
		parent, leaf := k[:max(strings.LastIndex(k, "."), 0)], k[strings.LastIndex(k, ".")+1:]
		if parent != "" && strings.Contains(rows[parent], "`"+leaf+"`") {
			continue
		}
		t.Errorf("docs/pack.md's manifest.json table does not name key %q", k)
	}
	for k := range documented {
		if !slices.Contains(keys, k) {
			t.Errorf("docs/pack.md's manifest.json table names %q, which manifest.json does not have", k)
		}
	}
}
