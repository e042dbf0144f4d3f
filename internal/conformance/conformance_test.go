package conformance

import (
	"fmt"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/codebookimpl"
	"github.com/codebookgen/codebook/generated/clickairtime"
	"github.com/codebookgen/codebook/generated/clickatell"
	"github.com/codebookgen/codebook/internal/load"
	"github.com/codebookgen/codebook/internal/model"
	"github.com/codebookgen/codebook/internal/testmod"
	"github.com/codebookgen/codebook/internal/validate"
)

// table and entry are what every generated package's Table and Entry
// types offer; the checks below are written once against them.
type table interface {
	comparable
	String() string
	Name() string
}

type entry[T table, C fmt.Stringer] interface {
	comparable
	String() string
	Table() T
	Code() C
	HasCode() bool
	HTTPStatus() int
	Message() string
	Description() string
	Resolution() string
	Note() string
	Class() codebook.Class
	RetryAfter() time.Duration
	Known() bool
}

// pkg is one generated package, seen through its functions.
type pkg[T table, E entry[T, C], C fmt.Stringer] struct {
	tables   func() []T
	rows     func(T) []E
	classify func(T, int, *E, string) (E, codebook.Class)
}

func loadSpec(t *testing.T) *model.Spec {
	t.Helper()
	path := filepath.Join(testmod.Root(t), "spec", "codes.yaml")
	f, err := load.ReadFile(path)
	require.NoError(t, err)
	spec, err := validate.Spec(f)
	require.NoError(t, err)
	return spec
}

func provider(t *testing.T, spec *model.Spec, id string) *model.Provider {
	t.Helper()
	p := spec.Provider(id)
	require.NotNil(t, p, "spec has no provider %q", id)
	return p
}

func TestClickatellMatchesSpec(t *testing.T) {
	p := provider(t, loadSpec(t), "clickatell")
	checkPackage(t, p, pkg[clickatell.Table, clickatell.Entry, clickatell.Code]{
		tables: clickatell.Tables,
		rows:   clickatell.Table.Entries,
		classify: func(tb clickatell.Table, status int, coded *clickatell.Entry, msg string) (clickatell.Entry, codebook.Class) {
			r := clickatell.Response{Status: status, Message: msg}
			if coded != nil {
				r.Code, r.HasCode = coded.Code(), true
			}
			return clickatell.Classify(tb, r)
		},
	})
}

func TestClickAirtimeMatchesSpec(t *testing.T) {
	p := provider(t, loadSpec(t), "clickairtime")
	checkPackage(t, p, pkg[clickairtime.Table, clickairtime.Entry, clickairtime.Code]{
		tables: clickairtime.Tables,
		rows:   clickairtime.Table.Entries,
		classify: func(tb clickairtime.Table, status int, coded *clickairtime.Entry, msg string) (clickairtime.Entry, codebook.Class) {
			r := clickairtime.Response{Status: status, Message: msg}
			if coded != nil {
				r.Code, r.HasCode = coded.Code(), true
			}
			return clickairtime.Classify(tb, r)
		},
	})
}

// checkPackage compares every table and row of the generated package with
// the spec's provider, field by field, then classifies a response built
// from each row and expects that row back.
func checkPackage[T table, E entry[T, C], C fmt.Stringer](t *testing.T, p *model.Provider, g pkg[T, E, C]) {
	tables := g.tables()
	require.Len(t, tables, len(p.Tables), "tables")
	for i, mt := range p.Tables {
		gt := tables[i]
		assert.Equal(t, mt.ID, gt.String())
		assert.Equal(t, mt.Name, gt.Name())
		rows := g.rows(gt)
		require.Len(t, rows, len(mt.Entries), "rows of %s", mt.ID)
		for j, me := range mt.Entries {
			checkEntry(t, p, me, rows[j], gt)
			checkClassify(t, me, rows[j], gt, g)
		}
	}
}

func checkEntry[T table, E entry[T, C], C fmt.Stringer](t *testing.T, p *model.Provider, me *model.Entry, e E, tb T) {
	t.Helper()
	where := me.Pos.String()
	assert.Equal(t, me.ConstName, e.String(), where)
	assert.True(t, e.Known(), where)
	assert.Equal(t, tb, e.Table(), where)
	assert.Equal(t, me.HasCode, e.HasCode(), where)
	if me.HasCode {
		assert.Equal(t, wireCode(t, p, me.Code), e.Code().String(), where)
	}
	assert.Equal(t, me.HTTP, e.HTTPStatus(), where)
	assert.Equal(t, me.Message, e.Message(), where)
	assert.Equal(t, me.Description, e.Description(), where)
	assert.Equal(t, me.Resolution, e.Resolution(), where)
	assert.Equal(t, me.Note, e.Note(), where)
	assert.Equal(t, me.Class, e.Class(), where)
	assert.Equal(t, me.RetryAfter, e.RetryAfter(), where)
}

// wireCode is a spec code as the Code type prints it.
func wireCode(t *testing.T, p *model.Provider, code string) string {
	if p.CodeKind != model.CodeInteger {
		return code
	}
	n, err := strconv.Atoi(code)
	require.NoError(t, err)
	return strconv.Itoa(n)
}

// checkClassify builds the response a row documents (its code, or its
// status and message, or its status alone) and expects Classify to find
// that row with the row's class, settled for the status.
func checkClassify[T table, E entry[T, C], C fmt.Stringer](t *testing.T, me *model.Entry, e E, tb T, g pkg[T, E, C]) {
	t.Helper()
	status := me.HTTP
	if status == 0 {
		status = 200
	}
	var coded *E
	if me.HasCode {
		coded = &e
	}
	got, class := g.classify(tb, status, coded, me.Message)
	assert.Equal(t, e, got, "%s: classify %s", me.Pos, me.ConstName)
	assert.Equal(t, codebookimpl.Settle(me.Class, status), class, "%s: class of %s", me.Pos, me.ConstName)
}
