// Package suggest finds the nearest known name to a mistyped one, for "did you mean …" hints.
package suggest

import "strings"

// Nearest returns the candidate closest to s by edit distance (case-insensitive), or ""
// when none is close enough to be a plausible typo.
func Nearest(s string, candidates []string) string {
	best, bestDist := "", -1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		d := Distance(ls, strings.ToLower(c))
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := len([]rune(s))/3 + 1
	if limit > 4 {
		limit = 4
	}
	if bestDist < 0 || bestDist > limit {
		// A prefix or containment is still a good guess ("gen" -> "generate").
		for _, c := range candidates {
			lc := strings.ToLower(c)
			if len(ls) >= 3 && (strings.HasPrefix(lc, ls) || strings.Contains(lc, ls) || strings.Contains(ls, lc)) {
				return c
			}
		}
		return ""
	}
	return best
}

// Distance is the Levenshtein edit distance between a and b, counting runes.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
