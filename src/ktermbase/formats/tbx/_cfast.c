/* The TBX reader's fast path (``_fast.py``) compiled: the same decisions, made on libxml2's
 * nodes instead of lxml's Python proxies, with the models built here.
 *
 * ``_fast.py`` is the reference and holds every rule: its tables and helpers are handed over
 * once by ``configure`` and this file only walks the tree with them. An entry this code is not
 * sure about gives ``None``, and the general reader reads it (as the Python fast path does);
 * ``tests/test_tbx_fast.py`` checks that both fast paths and the general reader build equal
 * entries. Built when a C compiler is there (``hatch_build.py``); without it the Python fast
 * path runs, with the same results.
 *
 * Only lxml's headers are used (an element's ``_c_node``, and ``elementFactory`` for the rare
 * parts handed back to Python): nothing is linked.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <libxml/tree.h>
#include "lxml.etree_api.h"

#define XML_NS "http://www.w3.org/XML/1998/namespace"

/* what ``configure`` hands over (owned references) */
static PyObject *concept_names, *section_names, *term_kinds, *note_values, *note_langs,
    *descrips_admins, *pos_values, *decode_id, *id_ok, *lang_ok, *kept, *serialize, *serialize_tbx, *in_lang_section,
    *known_elements, *known_types, *tbx_ns,
    *reference, *given_of, *entry_cls, *term_cls, *entry_given, *admitted, *noun, *source_lang,
    *element_type, *nothing, *no_field, *entry_fields, *term_fields;
static long kind_term, kind_term_note, kind_note, kind_descrip_admin, kind_transactions;
static long bit_text, bit_pos, bit_source;
static int configured = 0;

/* interned names made once */
static PyObject *s_lang, *s_text, *s_status, *s_pos, *s_type, *s_pinyin, *s_context, *s_note,
    *s_source, *s_extra, *s_id, *s_subjects, *s_definitions, *s_notes, *s_sources, *s_related,
    *s_terms, *s_dict, *s_fields_set, *s_pyd_extra, *s_pyd_private, *s_strip, *s_value,
    *empty_tuple;

/* a term's and an entry's fields with their defaults, in the model's order: each model's
 * dictionary starts as a copy (no resizing while it fills) */
static PyObject *term_template, *entry_template;
/* note_values and descrips_admins by their first key, then their second: no tuple per lookup */
static PyObject *notes_by_type, *descrips_by_tag;

/* fields-sets by term mask (a term has 8 bits of fields) */
static PyObject *givens[256];
/* language tags already checked (tag -> True/False) */
static PyObject *langs_seen;

/* -------- tags: "{href}name" strings, cached by name (libxml2 interns names per document) */

#define NTAGS 512
typedef struct {
    char *name;
    char *href;
    PyObject *tag;
} TagSlot;
static TagSlot tags[NTAGS];

static PyObject *tag_of(const xmlChar *uname, xmlNs *ns) {
    const char *name = (const char *)uname;
    const char *href = ns && ns->href ? (const char *)ns->href : "";
    size_t h = 5381;
    for (const char *p = name; *p; p++) h = h * 33 + (unsigned char)*p;
    for (const char *p = href; *p; p++) h = h * 33 + (unsigned char)*p;
    TagSlot *slot = &tags[h % NTAGS];
    if (slot->tag && strcmp(slot->name, name) == 0 && strcmp(slot->href, href) == 0) {
        Py_INCREF(slot->tag);
        return slot->tag;
    }
    PyObject *tag =
        *href ? PyUnicode_FromFormat("{%s}%s", href, name) : PyUnicode_FromString(name);
    if (tag == NULL) return NULL;
    char *name_copy = strdup(name), *href_copy = strdup(href);
    if (name_copy == NULL || href_copy == NULL) {
        free(name_copy);
        free(href_copy);
        return tag; /* not cached */
    }
    if (slot->tag) {
        Py_DECREF(slot->tag);
        free(slot->name);
        free(slot->href);
    }
    slot->name = name_copy;
    slot->href = href_copy;
    slot->tag = tag;
    Py_INCREF(tag);
    return tag;
}

/* -------- values */

/* Outcome of a step: OK, not plain (the general reader's entry), or a Python error. */
enum { OK = 0, NOT_PLAIN = 1, FAILED = -1 };

/* An attribute's value as UTF-8 (``*value``, NULL when absent), the way lxml's ``get`` reads
 * it when the value is one text node; anything else is not plain. */
static int attr(xmlNode *node, const char *name, const char *href, const char **value) {
    *value = NULL;
    for (xmlAttr *a = node->properties; a; a = a->next) {
        if (strcmp((const char *)a->name, name) != 0) continue;
        if (href == NULL ? a->ns != NULL
                         : (a->ns == NULL || a->ns->href == NULL ||
                            strcmp((const char *)a->ns->href, href) != 0))
            continue;
        xmlNode *c = a->children;
        if (c == NULL) {
            *value = "";
            return OK;
        }
        if (c->type != XML_TEXT_NODE || c->next != NULL || c->content == NULL) return NOT_PLAIN;
        *value = (const char *)c->content;
        return OK;
    }
    return OK;
}

/* (lxml's header defines ``utf8`` as a macro: the parameters are named ``text``.) */
static PyObject *str_of(const char *text) { return PyUnicode_FromString(text); }

/* A Python str (new reference) or None for an optional C string. */
static PyObject *str_or_none(const char *text) {
    if (text == NULL) Py_RETURN_NONE;
    return str_of(text);
}

static int is_blank(PyObject *s) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    for (Py_ssize_t i = 0; i < n; i++)
        if (!Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i))) return 0;
    return 1; /* the empty string too: ``not text or text.isspace()`` */
}

/* A leaf element's text as the Python fast path's ``_value`` takes it: only text (and CDATA)
 * inside, not blank. */
static int leaf_text(xmlNode *node, PyObject **text) {
    *text = NULL;
    xmlNode *c = node->children;
    if (c == NULL) return NOT_PLAIN;
    size_t len = 0;
    for (xmlNode *d = c; d; d = d->next) {
        if ((d->type != XML_TEXT_NODE && d->type != XML_CDATA_SECTION_NODE) || d->content == NULL)
            return NOT_PLAIN;
        len += strlen((const char *)d->content);
    }
    PyObject *s;
    if (c->next == NULL) {
        s = PyUnicode_DecodeUTF8((const char *)c->content, (Py_ssize_t)len, NULL);
    } else {
        char *buf = PyMem_Malloc(len + 1);
        if (buf == NULL) {
            PyErr_NoMemory();
            return FAILED;
        }
        size_t at = 0;
        for (xmlNode *d = c; d; d = d->next) {
            size_t l = strlen((const char *)d->content);
            memcpy(buf + at, d->content, l);
            at += l;
        }
        s = PyUnicode_DecodeUTF8(buf, (Py_ssize_t)at, NULL);
        PyMem_Free(buf);
    }
    if (s == NULL) return FAILED;
    if (is_blank(s)) {
        Py_DECREF(s);
        return NOT_PLAIN;
    }
    *text = s;
    return OK;
}

/* The first element at ``c`` or after it among its siblings, text skipped; NULL at the end, or
 * with ``*rc`` set to not plain at anything else between elements (a comment, PI or entity
 * reference: lxml's ``el[:]`` would hand it to the tables, which know none). Does nothing once
 * ``*rc`` is not OK, so that a loop over the elements stops at the first problem. */
static xmlNode *element_at(xmlNode *c, int *rc) {
    for (; c && *rc == OK; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) return c;
        if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) *rc = NOT_PLAIN;
    }
    return NULL;
}

/* What ``table`` maps the element ``c``'s tag to (borrowed; NULL when nothing, with an error
 * set when the lookup failed). */
static PyObject *table_get(PyObject *table, xmlNode *c) {
    PyObject *tag = tag_of(c->name, c->ns);
    if (tag == NULL) return NULL;
    PyObject *found = PyDict_GetItemWithError(table, tag);
    Py_DECREF(tag);
    return found;
}

static int named(PyObject *name, const char *what) {
    return name != NULL && PyUnicode_CompareWithASCIIString(name, what) == 0;
}

static int eq(const char *a, const char *b) { return a != NULL && strcmp(a, b) == 0; }

/* A Python helper's answer for an element handed back as its lxml proxy: None means not
 * plain. */
static int call_back(PyObject *fn, PyObject *owner, xmlNode *c, PyObject **out) {
    *out = NULL;
    PyObject *proxy = (PyObject *)elementFactory(((struct LxmlElement *)owner)->_doc, c);
    if (proxy == NULL) return FAILED;
    PyObject *r = PyObject_CallOneArg(fn, proxy);
    Py_DECREF(proxy);
    if (r == NULL) return FAILED;
    if (r == Py_None) {
        Py_DECREF(r);
        return NOT_PLAIN;
    }
    *out = r;
    return OK;
}

static int append_new(PyObject *list, PyObject *item) {
    int rc = PyList_Append(list, item);
    Py_DECREF(item);
    return rc < 0 ? FAILED : OK;
}

/* ``trusted(cls, values, given)`` of model.py: the four attributes a validated model has. */
static PyObject *trusted(PyObject *cls, PyObject *values, PyObject *given) {
    PyObject *model = ((PyTypeObject *)cls)->tp_new((PyTypeObject *)cls, empty_tuple, NULL);
    if (model == NULL) return NULL;
    if (PyObject_GenericSetAttr(model, s_dict, values) < 0 ||
        PyObject_GenericSetAttr(model, s_fields_set, given) < 0 ||
        PyObject_GenericSetAttr(model, s_pyd_extra, Py_None) < 0 ||
        PyObject_GenericSetAttr(model, s_pyd_private, Py_None) < 0) {
        Py_DECREF(model);
        return NULL;
    }
    return model;
}

/* -------- transaction groups (and what else is kept verbatim)
 *
 * ``_xml.unknown_parts`` says what in a kept element no TBX dialect knows (the general reader's
 * to report: not plain); ``_xml.verbatim`` serialises it without the TBX namespace. Both are
 * Python and cost 5 µs a group, and CAT tools write a group on every entry, language section and
 * term. So the check is made here with the same tables, and a group with no namespace in it or
 * in scope (TBX 2008, as CAT tools write it) is serialised by lxml directly, which then gives what
 * ``verbatim`` gives; so is one wholly in the TBX v3 namespace declared as the default and
 * nothing else in scope, with that one declaration taken out (``serialize_tbx``); anything else
 * goes to ``kept`` (both, in Python). */

static int is_tbx_ns(const xmlChar *href) {
    return href != NULL && PyUnicode_CompareWithASCIIString(tbx_ns, (const char *)href) == 0;
}

/* Is every TBX element in the element ``n``'s subtree, itself included, known, with a known data
 * category? And is the subtree free of namespaces (``*no_ns``), or all in the TBX v3 namespace
 * as the default one (``*tbx_default``), with no declaration and no attribute in another
 * namespace than xml:? libxml2 nests elements 256 deep at most (no ``huge_tree``), so the
 * recursion is bounded. */
static int known_parts(xmlNode *n, int *no_ns, int *tbx_default) {
    int attrs_plain = 1;
    for (xmlAttr *a = n->properties; a; a = a->next)
        if (a->ns != NULL &&
            (a->ns->href == NULL || strcmp((const char *)a->ns->href, XML_NS) != 0))
            attrs_plain = 0;
    if (n->nsDef != NULL || !attrs_plain) *no_ns = *tbx_default = 0;
    if (n->ns != NULL) *no_ns = 0;
    if (n->ns == NULL || n->ns->prefix != NULL || !is_tbx_ns(n->ns->href)) *tbx_default = 0;
    int tbx = n->ns == NULL || is_tbx_ns(n->ns->href);
    if (tbx) {
        PyObject *name = tag_of(n->name, NULL);
        if (name == NULL) return FAILED;
        int found = PySet_Contains(known_elements, name);
        PyObject *types = found == 1 ? PyDict_GetItemWithError(known_types, name) : NULL;
        Py_DECREF(name);
        if (found < 0 || (types == NULL && PyErr_Occurred())) return FAILED;
        if (found == 0) return NOT_PLAIN;
        if (types != NULL) {
            const char *type_attr;
            int rc = attr(n, "type", NULL, &type_attr);
            if (rc != OK) return rc;
            PyObject *type = str_or_none(type_attr);
            if (type == NULL) return FAILED;
            int ok = PySet_Contains(types, type);
            Py_DECREF(type);
            if (ok <= 0) return ok < 0 ? FAILED : NOT_PLAIN;
        }
    }
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        int rc = known_parts(c, no_ns, tbx_default);
        if (rc != OK) return rc;
    }
    return OK;
}

/* The verbatim text of the element ``c`` to keep (``lang``: of a language section, wrapped in
 * it as ``_xml.in_lang_section`` does), or not plain. */
static int kept_text(PyObject *owner, xmlNode *c, PyObject *lang, PyObject **out) {
    *out = NULL;
    int no_ns = 1, tbx_default = 1;
    int rc = known_parts(c, &no_ns, &tbx_default);
    if (rc != OK) return rc;
    /* the declarations in scope: lxml writes them on the element it serialises */
    int declared = 0, tbx_declared = 0;
    for (xmlNode *up = c->parent; up && up->type == XML_ELEMENT_NODE; up = up->parent)
        for (xmlNs *d = up->nsDef; d; d = d->next) {
            declared++;
            if (d->prefix == NULL && is_tbx_ns(d->href)) tbx_declared = 1;
        }
    PyObject *fn = kept;
    if (no_ns && declared == 0) fn = serialize;
    else if (tbx_default && declared == 1 && tbx_declared) fn = serialize_tbx;
    PyObject *text;
    rc = call_back(fn, owner, c, &text);
    if (rc != OK || lang == NULL) {
        *out = text;
        return rc;
    }
    *out = PyObject_CallFunctionObjArgs(in_lang_section, lang, text, NULL);
    Py_DECREF(text);
    return *out ? OK : FAILED;
}

/* ``table[key]`` (borrowed; NULL when absent, with an error set when it failed); ``key`` may be
 * NULL (an absent attribute: None). */
static PyObject *lookup1(PyObject *table, const char *key_text) {
    PyObject *key = str_or_none(key_text);
    if (key == NULL) return NULL;
    PyObject *found = PyDict_GetItemWithError(table, key);
    Py_DECREF(key);
    return found;
}

/* ``table[first][second]`` likewise, for a table of tables made by ``nest``. */
static PyObject *lookup2(PyObject *table, const char *first, PyObject *second) {
    PyObject *inner = lookup1(table, first);
    return inner ? PyDict_GetItemWithError(inner, second) : NULL;
}

/* -------- a term section (``_term`` in _fast.py) */

/* What the leaf ``c`` of a term section, of ``kind`` (its tag ``tag``), sets: the field
 * (``*target``, borrowed), its bit and its value (``*value``, a new reference), as ``_term``
 * decides; not plain when no field takes it. ``*after_notes`` and ``*mask`` are the term
 * section's. */
static int term_field(xmlNode *c, PyObject *tag, long kind, PyObject *values, int *after_notes,
                      long *mask, long *bit, PyObject **target, PyObject **value) {
    *value = NULL;
    PyObject *text, *found = NULL; /* found: (bit, field[, value]) from a table, borrowed */
    const char *type_attr, *lang_attr;
    int rc = leaf_text(c, &text);
    if (rc != OK) return rc;
    if ((rc = attr(c, "type", NULL, &type_attr)) != OK) goto out;
    rc = NOT_PLAIN;
    if (kind == kind_term) {
        *bit = bit_text;
        *target = s_text;
        *value = text;
        return OK;
    } else if (kind == kind_term_note) {
        if (*after_notes) goto out;
        found = lookup2(notes_by_type, type_attr, text);
        if (found == NULL && !PyErr_Occurred()) found = nothing;
    } else if (kind == kind_note) {
        *after_notes = 1;
        if ((rc = attr(c, "lang", XML_NS, &lang_attr)) != OK) goto out;
        found = lookup1(note_langs, lang_attr);
        if (found == NULL && !PyErr_Occurred()) found = no_field;
    } else if (kind == kind_descrip_admin) {
        *after_notes = 1;
        PyObject *by_type = PyDict_GetItemWithError(descrips_by_tag, tag);
        found = by_type ? lookup1(by_type, type_attr) : NULL;
        if (found == NULL && !PyErr_Occurred()) found = no_field;
    } else {
        goto out;
    }
    if (found == NULL) {
        rc = FAILED;
        goto out;
    }
    rc = NOT_PLAIN;
    *bit = PyLong_AsLong(PyTuple_GET_ITEM(found, 0));
    *target = PyTuple_GET_ITEM(found, 1);
    if (kind == kind_term_note) {
        *value = PyTuple_GET_ITEM(found, 2); /* the picklist value's member */
    } else if (*bit == bit_pos) {            /* a properNoun note overrides the noun termNote */
        PyObject *pos = PyDict_GetItem(values, s_pos);
        if (pos != Py_None && pos != noun) goto out;
        *value = PyDict_GetItemWithError(pos_values, text);
        if (*value == NULL) {
            rc = PyErr_Occurred() ? FAILED : NOT_PLAIN;
            goto out;
        }
        *mask &= ~bit_pos;
    } else if (*bit == bit_source && kind == kind_descrip_admin &&
               (attr(c, "lang", XML_NS, &lang_attr) != OK || lang_attr != NULL)) {
        goto out;
    } else {
        *value = text;
        return OK;
    }
    Py_INCREF(*value);
    rc = OK;
out:
    Py_DECREF(text);
    return rc;
}

static int term(PyObject *owner, xmlNode *el, PyObject *lang, PyObject **out) {
    *out = NULL;
    PyObject *values = PyDict_Copy(term_template), *extra = NULL;
    if (values == NULL) return FAILED;
    int rc = PyDict_SetItem(values, s_lang, lang) < 0 ? FAILED : OK;
    long mask = 0;
    int after_notes = 0;
    for (xmlNode *c = element_at(el->children, &rc); c; c = element_at(c->next, &rc)) {
        PyObject *tag = tag_of(c->name, c->ns);
        PyObject *kind_obj = tag ? PyDict_GetItemWithError(term_kinds, tag) : NULL;
        long kind = kind_obj ? PyLong_AsLong(kind_obj) : 0;
        if (tag == NULL || (kind_obj == NULL && PyErr_Occurred())) {
            rc = FAILED;
        } else if (kind == kind_transactions) {
            after_notes = 1;
            PyObject *verbatim;
            rc = kept_text(owner, c, NULL, &verbatim);
            if (rc == OK && extra == NULL && (extra = PyList_New(0)) == NULL) {
                Py_DECREF(verbatim);
                rc = FAILED;
            }
            if (rc == OK) rc = append_new(extra, verbatim);
        } else {
            long bit = 0;
            PyObject *target, *value;
            rc = term_field(c, tag, kind, values, &after_notes, &mask, &bit, &target, &value);
            if (rc == OK && (bit == 0 || (mask & bit))) rc = NOT_PLAIN;
            if (rc == OK) {
                mask |= bit;
                rc = PyDict_SetItem(values, target, value) < 0 ? FAILED : OK;
            }
            Py_XDECREF(value);
        }
        Py_XDECREF(tag);
    }
    if (rc == OK && !(mask & bit_text)) rc = NOT_PLAIN;
    if (rc == OK && extra != NULL) {
        PyObject *t = PyList_AsTuple(extra);
        rc = t == NULL || PyDict_SetItem(values, s_extra, t) < 0 ? FAILED : OK;
        Py_XDECREF(t);
    }
    if (rc == OK && (mask < 0 || mask > 255)) rc = NOT_PLAIN;
    if (rc == OK && givens[mask] == NULL &&
        (givens[mask] = PyObject_CallFunction(given_of, "l", mask)) == NULL)
        rc = FAILED;
    if (rc == OK) {
        *out = trusted(term_cls, values, givens[mask]);
        rc = *out ? OK : FAILED;
    }
    Py_DECREF(values);
    Py_XDECREF(extra);
    return rc;
}

/* -------- a language section (``_lang_section``) */

static int lang_section(PyObject *owner, xmlNode *el, PyObject *definitions, PyObject *terms,
                        PyObject *extra) {
    const char *lang_attr;
    int rc = attr(el, "lang", XML_NS, &lang_attr);
    if (rc != OK) return rc;
    if (lang_attr == NULL || *lang_attr == '\0') return NOT_PLAIN;
    PyObject *lang = str_of(lang_attr);
    if (lang == NULL) return FAILED;
    PyObject *seen = PyDict_GetItemWithError(langs_seen, lang);
    if (seen == NULL) {
        if (PyErr_Occurred() || (seen = PyObject_CallOneArg(lang_ok, lang)) == NULL) {
            Py_DECREF(lang);
            return FAILED;
        }
        int set = PyDict_SetItem(langs_seen, lang, seen);
        Py_DECREF(seen);
        if (set < 0) {
            Py_DECREF(lang);
            return FAILED;
        }
    }
    if (seen != Py_True) {
        Py_DECREF(lang);
        return NOT_PLAIN;
    }
    rc = OK;
    for (xmlNode *c = element_at(el->children, &rc); c; c = element_at(c->next, &rc)) {
        PyObject *name = table_get(section_names, c);
        if (name == NULL && PyErr_Occurred()) {
            rc = FAILED;
        } else if (named(name, "termSec") || named(name, "tig")) {
            PyObject *t;
            rc = term(owner, c, lang, &t);
            if (rc == OK) rc = append_new(terms, t);
        } else if (named(name, "descrip")) {
            const char *type_attr;
            rc = attr(c, "type", NULL, &type_attr);
            if (rc != OK) break;
            int has = PyDict_Contains(definitions, lang);
            if (!eq(type_attr, "definition") || has != 0) {
                rc = has < 0 ? FAILED : NOT_PLAIN;
                break;
            }
            PyObject *text;
            rc = leaf_text(c, &text);
            if (rc == OK) {
                rc = PyDict_SetItem(definitions, lang, text) < 0 ? FAILED : OK;
                Py_DECREF(text);
            }
        } else if (named(name, "transacGrp")) {
            PyObject *verbatim;
            rc = kept_text(owner, c, lang, &verbatim);
            if (rc == OK) rc = append_new(extra, verbatim);
        } else {
            rc = NOT_PLAIN;
        }
    }
    Py_DECREF(lang);
    return rc;
}

/* -------- an entry (``_entry``) */

static int append_text(PyObject *list, xmlNode *c) {
    PyObject *text;
    int rc = leaf_text(c, &text);
    return rc == OK ? append_new(list, text) : rc;
}

static int concept_child(PyObject *owner, xmlNode *c, PyObject *name, PyObject **lists,
                         PyObject *definitions, PyObject *targets) {
    /* lists: subjects, notes, sources, related, terms, extra */
    const char *type_attr, *lang_attr;
    int rc;
    if (named(name, "langSec") || named(name, "langSet"))
        return lang_section(owner, c, definitions, lists[4], lists[5]);
    if (named(name, "transacGrp")) {
        PyObject *verbatim;
        rc = kept_text(owner, c, NULL, &verbatim);
        return rc == OK ? append_new(lists[5], verbatim) : rc;
    }
    if ((rc = attr(c, "type", NULL, &type_attr)) != OK) return rc;
    if ((rc = attr(c, "lang", XML_NS, &lang_attr)) != OK) return rc;
    if (named(name, "descrip") && eq(type_attr, "subjectField")) return append_text(lists[0], c);
    if (named(name, "note")) {
        if (lang_attr == NULL) return append_text(lists[1], c);
        if (PyUnicode_CompareWithASCIIString(source_lang, lang_attr) == 0)
            return append_text(lists[2], c);
        return NOT_PLAIN;
    }
    if (named(name, "admin") && eq(type_attr, "source") && lang_attr == NULL)
        return append_text(lists[2], c);
    if (named(name, "ref") && eq(type_attr, "crossReference")) {
        const char *target;
        if ((rc = attr(c, "target", NULL, &target)) != OK) return rc;
        if (target == NULL || *target == '\0') return NOT_PLAIN;
        for (xmlNode *d = c->children; d; d = d->next)
            if (d->type == XML_ELEMENT_NODE || d->type == XML_COMMENT_NODE ||
                d->type == XML_PI_NODE || d->type == XML_ENTITY_REF_NODE)
                return NOT_PLAIN; /* ``len(child)`` */
        PyObject *found; /* (target id, verbatim element, line) */
        rc = call_back(reference, owner, c, &found);
        if (rc != OK) return rc;
        if (PyList_Append(lists[3], PyTuple_GET_ITEM(found, 0)) < 0) {
            Py_DECREF(found);
            return FAILED;
        }
        return append_new(targets, found);
    }
    return NOT_PLAIN;
}

static PyObject *entry(PyObject *self, PyObject *el) {
    if (!configured) {
        PyErr_SetString(PyExc_RuntimeError, "_cfast.configure was not called");
        return NULL;
    }
    if (!PyObject_TypeCheck(el, (PyTypeObject *)element_type)) {
        PyErr_SetString(PyExc_TypeError, "entry() takes an lxml element");
        return NULL;
    }
    xmlNode *node = ((struct LxmlElement *)el)->_c_node;
    /* attribute defaults declared in a DTD: lxml's ``get`` would see them, this code would not */
    if (node == NULL || node->type != XML_ELEMENT_NODE ||
        (node->doc && node->doc->intSubset && node->doc->intSubset->attributes))
        Py_RETURN_NONE;
    const char *raw_id;
    int rc = attr(node, "id", NULL, &raw_id);
    if (rc != OK || raw_id == NULL || *raw_id == '\0') Py_RETURN_NONE;
    PyObject *raw = str_of(raw_id);
    if (raw == NULL) return NULL;
    PyObject *stripped = PyObject_CallMethodNoArgs(raw, s_strip);
    Py_DECREF(raw);
    if (stripped == NULL) return NULL;
    if (PyUnicode_GET_LENGTH(stripped) == 0) {
        Py_DECREF(stripped);
        Py_RETURN_NONE;
    }
    PyObject *entry_id = PyObject_CallOneArg(decode_id, stripped);
    Py_DECREF(stripped);
    if (entry_id == NULL) return NULL;
    PyObject *match = PyObject_CallOneArg(id_ok, entry_id);
    if (match == NULL) {
        Py_DECREF(entry_id);
        return NULL;
    }
    int ok = PyObject_IsTrue(match);
    Py_DECREF(match);
    if (ok <= 0) {
        Py_DECREF(entry_id);
        if (ok < 0) return NULL;
        Py_RETURN_NONE;
    }
    PyObject *lists[6] = {NULL};
    PyObject *definitions = PyDict_New(), *targets = PyList_New(0), *result = NULL;
    for (int i = 0; i < 6; i++) lists[i] = PyList_New(0);
    rc = FAILED;
    if (definitions == NULL || targets == NULL) goto done;
    for (int i = 0; i < 6; i++)
        if (lists[i] == NULL) goto done;
    rc = OK;
    for (xmlNode *c = element_at(node->children, &rc); c; c = element_at(c->next, &rc)) {
        PyObject *name = table_get(concept_names, c);
        rc = name ? concept_child(el, c, name, lists, definitions, targets)
                  : (PyErr_Occurred() ? FAILED : NOT_PLAIN);
    }
    if (rc == OK && PyList_GET_SIZE(lists[4]) == 0) rc = NOT_PLAIN;
    if (rc != OK) goto done;
    /* the fields in the model's order, as the Python fast path writes them */
    PyObject *values = PyDict_Copy(entry_template);
    int bad = values == NULL || PyDict_SetItem(values, s_id, entry_id) < 0;
    PyObject *keys[6] = {s_subjects, s_notes, s_sources, s_related, s_terms, s_extra};
    for (int i = 0; i < 6 && !bad; i++) {
        if (i == 1) bad = PyDict_SetItem(values, s_definitions, definitions) < 0;
        PyObject *t = bad ? NULL : PyList_AsTuple(lists[i]);
        bad = t == NULL || PyDict_SetItem(values, keys[i], t) < 0;
        Py_XDECREF(t);
    }
    PyObject *model = bad ? NULL : trusted(entry_cls, values, entry_given);
    Py_XDECREF(values);
    if (model == NULL) {
        rc = FAILED;
        goto done;
    }
    result = PyTuple_Pack(2, model, targets);
    Py_DECREF(model);
    if (result == NULL) rc = FAILED;
done:
    Py_DECREF(entry_id);
    Py_XDECREF(definitions);
    Py_XDECREF(targets);
    for (int i = 0; i < 6; i++) Py_XDECREF(lists[i]);
    if (rc == FAILED) {
        Py_XDECREF(result);
        return NULL;
    }
    if (rc == NOT_PLAIN) Py_RETURN_NONE;
    return result;
}

/* -------- packing entries for the two-process reader's pipe, and rebuilding them
 *
 * An entry travels as a tuple (``marshal`` writes tuples of strings three times as fast as
 * ``pickle`` writes models): its fields' values in the model's order, the terms' tuples in place
 * of the terms, then the index of its fields-set in a list sent once. A term's tuple likewise;
 * its enumerations (status, part of speech, type) travel as their values. ``_parallel`` does the
 * same in Python when this module was not built. */

static PyObject *term_enums; /* per term field: {value: member}, or None */
static Py_ssize_t terms_index;  /* where an entry's terms are among its fields */

/* The index of ``given`` among the fields-sets met so far (``seen``: id -> index). */
static PyObject *set_index(PyObject *given, PyObject *seen, PyObject *sets) {
    PyObject *key = PyLong_FromVoidPtr(given);
    if (key == NULL) return NULL;
    PyObject *index = PyDict_GetItemWithError(seen, key);
    if (index != NULL) {
        Py_DECREF(key);
        Py_INCREF(index);
        return index;
    }
    if (PyErr_Occurred() || (index = PyLong_FromSsize_t(PyList_GET_SIZE(sets))) == NULL ||
        PyList_Append(sets, given) < 0 || PyDict_SetItem(seen, key, index) < 0) {
        Py_DECREF(key);
        Py_XDECREF(index);
        return NULL;
    }
    Py_DECREF(key);
    return index;
}

/* A model's tuple: ``fields`` of its ``__dict__`` (through ``convert`` for the terms), then its
 * fields-set's index. */
static PyObject *pack_model(PyObject *model, PyObject *fields, int is_entry, PyObject *seen,
                            PyObject *sets);

static PyObject *packed_value(PyObject *value, Py_ssize_t i, int is_entry, PyObject *seen,
                              PyObject *sets) {
    if (is_entry) {
        if (i != terms_index) {
            Py_INCREF(value);
            return value;
        }
        if (!PyTuple_Check(value)) {
            PyErr_SetString(PyExc_TypeError, "pack: an entry's terms are a tuple");
            return NULL;
        }
        Py_ssize_t n = PyTuple_GET_SIZE(value);
        PyObject *terms = PyTuple_New(n);
        for (Py_ssize_t j = 0; terms && j < n; j++) {
            PyObject *t = pack_model(PyTuple_GET_ITEM(value, j), term_fields, 0, seen, sets);
            if (t == NULL) Py_CLEAR(terms);
            else PyTuple_SET_ITEM(terms, j, t);
        }
        return terms;
    }
    if (PyTuple_GET_ITEM(term_enums, i) != Py_None && value != Py_None)
        return PyObject_GetAttr(value, s_value); /* ``value`` is a property: slower */
    Py_INCREF(value);
    return value;
}

static PyObject *pack_model(PyObject *model, PyObject *fields, int is_entry, PyObject *seen,
                            PyObject *sets) {
    PyObject *d = PyObject_GenericGetDict(model, NULL);
    PyObject *given = d ? PyObject_GetAttr(model, s_fields_set) : NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(fields);
    PyObject *row = given ? PyTuple_New(n + 1) : NULL;
    for (Py_ssize_t i = 0; row && i < n; i++) {
        PyObject *value = PyDict_GetItemWithError(d, PyTuple_GET_ITEM(fields, i));
        if (value == NULL) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "pack: a field is missing");
            Py_CLEAR(row);
            break;
        }
        PyObject *packed = packed_value(value, i, is_entry, seen, sets);
        if (packed == NULL) Py_CLEAR(row);
        else PyTuple_SET_ITEM(row, i, packed);
    }
    PyObject *index = row ? set_index(given, seen, sets) : NULL;
    if (index == NULL) Py_CLEAR(row);
    else PyTuple_SET_ITEM(row, n, index);
    Py_XDECREF(d);
    Py_XDECREF(given);
    return row;
}

static PyObject *pack(PyObject *self, PyObject *entries) {
    if (!configured || !PyList_Check(entries)) {
        PyErr_SetString(PyExc_TypeError, "pack() takes a list of entries, once configured");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(entries);
    PyObject *rows = PyList_New(n), *sets = PyList_New(0), *seen = PyDict_New();
    for (Py_ssize_t i = 0; rows && sets && seen && i < n; i++) {
        PyObject *row = pack_model(PyList_GET_ITEM(entries, i), entry_fields, 1, seen, sets);
        if (row == NULL) Py_CLEAR(rows);
        else PyList_SET_ITEM(rows, i, row);
    }
    PyObject *result = rows && sets && seen ? PyTuple_Pack(2, rows, sets) : NULL;
    Py_XDECREF(rows);
    Py_XDECREF(sets);
    Py_XDECREF(seen);
    return result;
}

/* The model of ``cls`` a packed tuple stands for. */
static PyObject *unpack_model(PyObject *cls, PyObject *fields, PyObject *row, PyObject *sets) {
    Py_ssize_t n = PyTuple_GET_SIZE(fields);
    if (!PyTuple_Check(row) || PyTuple_GET_SIZE(row) != n + 1) {
        PyErr_SetString(PyExc_ValueError, "models: a packed model of the wrong shape");
        return NULL;
    }
    Py_ssize_t index = PyLong_AsSsize_t(PyTuple_GET_ITEM(row, n));
    if (index < 0 || index >= PyList_GET_SIZE(sets)) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "models: no such fields-set");
        return NULL;
    }
    int is_entry = cls == entry_cls;
    /* a copy of the template has room for every field (and the model's order) */
    PyObject *d = PyDict_Copy(is_entry ? entry_template : term_template);
    for (Py_ssize_t i = 0; d && i < n; i++) {
        PyObject *value = PyTuple_GET_ITEM(row, i), *own = NULL;
        if (is_entry && i == terms_index) {
            Py_ssize_t m = PyTuple_Check(value) ? PyTuple_GET_SIZE(value) : -1;
            own = m < 0 ? NULL : PyTuple_New(m);
            for (Py_ssize_t j = 0; own && j < m; j++) {
                PyObject *t = unpack_model(term_cls, term_fields, PyTuple_GET_ITEM(value, j), sets);
                if (t == NULL) Py_CLEAR(own);
                else PyTuple_SET_ITEM(own, j, t);
            }
            if (m < 0) PyErr_SetString(PyExc_ValueError, "models: an entry's terms are a tuple");
        } else if (!is_entry && PyTuple_GET_ITEM(term_enums, i) != Py_None && value != Py_None) {
            own = PyDict_GetItemWithError(PyTuple_GET_ITEM(term_enums, i), value);
            if (own == NULL && !PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "models: an unknown enumeration value");
            Py_XINCREF(own);
        } else {
            own = value;
            Py_INCREF(own);
        }
        if (own == NULL || PyDict_SetItem(d, PyTuple_GET_ITEM(fields, i), own) < 0) Py_CLEAR(d);
        Py_XDECREF(own);
    }
    if (d == NULL) return NULL;
    PyObject *model = trusted(cls, d, PyList_GET_ITEM(sets, index));
    Py_DECREF(d);
    return model;
}

static PyObject *models(PyObject *self, PyObject *args) {
    PyObject *rows, *sets;
    if (!PyArg_ParseTuple(args, "O!O!:models", &PyList_Type, &rows, &PyList_Type, &sets))
        return NULL;
    if (!configured) {
        PyErr_SetString(PyExc_RuntimeError, "_cfast.configure was not called");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(rows);
    PyObject *out = PyList_New(n);
    for (Py_ssize_t i = 0; out && i < n; i++) {
        PyObject *entry = unpack_model(entry_cls, entry_fields, PyList_GET_ITEM(rows, i), sets);
        if (entry == NULL) Py_CLEAR(out);
        else PyList_SET_ITEM(out, i, entry);
    }
    return out;
}

/* -------- configure */

/* {(a, b): v} as {a: {b: v}} */
static PyObject *nest(PyObject *pairs) {
    PyObject *outer = PyDict_New(), *key, *value;
    Py_ssize_t pos = 0;
    while (outer && PyDict_Next(pairs, &pos, &key, &value)) {
        if (!PyTuple_Check(key) || PyTuple_GET_SIZE(key) != 2) {
            PyErr_SetString(PyExc_TypeError, "configure: a table of pairs expected");
            Py_CLEAR(outer);
            break;
        }
        PyObject *inner = PyDict_GetItemWithError(outer, PyTuple_GET_ITEM(key, 0));
        if (inner == NULL) {
            if (PyErr_Occurred() || (inner = PyDict_New()) == NULL ||
                PyDict_SetItem(outer, PyTuple_GET_ITEM(key, 0), inner) < 0) {
                Py_XDECREF(inner);
                Py_CLEAR(outer);
                break;
            }
            Py_DECREF(inner);
        }
        if (PyDict_SetItem(inner, PyTuple_GET_ITEM(key, 1), value) < 0) Py_CLEAR(outer);
    }
    return outer;
}

static int take(PyObject *config, const char *key, PyObject **slot) {
    PyObject *v = PyDict_GetItemString(config, key);
    if (v == NULL) {
        PyErr_Format(PyExc_KeyError, "configure: %s missing", key);
        return -1;
    }
    Py_INCREF(v);
    Py_XSETREF(*slot, v);
    return 0;
}

static int take_long(PyObject *config, const char *key, long *slot) {
    PyObject *v = NULL;
    if (take(config, key, &v) < 0) return -1;
    *slot = PyLong_AsLong(v);
    Py_DECREF(v);
    return *slot == -1 && PyErr_Occurred() ? -1 : 0;
}

static PyObject *configure(PyObject *self, PyObject *config) {
    if (!PyDict_Check(config)) {
        PyErr_SetString(PyExc_TypeError, "configure() takes a dict");
        return NULL;
    }
    /* every setting and where it goes */
    static const struct {
        const char *key;
        PyObject **slot;
    } objects[] = {
        {"concept_names", &concept_names},
        {"section_names", &section_names},
        {"term_kinds", &term_kinds},
        {"note_values", &note_values},
        {"note_langs", &note_langs},
        {"descrips_admins", &descrips_admins},
        {"pos_values", &pos_values},
        {"decode_id", &decode_id},
        {"id_ok", &id_ok},
        {"lang_ok", &lang_ok},
        {"kept", &kept},
        {"serialize", &serialize},
        {"serialize_tbx", &serialize_tbx},
        {"in_lang_section", &in_lang_section},
        {"known_elements", &known_elements},
        {"known_types", &known_types},
        {"tbx_ns", &tbx_ns},
        {"reference", &reference},
        {"given", &given_of},
        {"entry_cls", &entry_cls},
        {"term_cls", &term_cls},
        {"entry_given", &entry_given},
        {"admitted", &admitted},
        {"noun", &noun},
        {"source_lang", &source_lang},
        {"element_type", &element_type},
        {"nothing", &nothing},
        {"no_field", &no_field},
        {"entry_fields", &entry_fields},
        {"term_fields", &term_fields},
        {"entry_template", &entry_template},
        {"term_template", &term_template},
        {"term_enums", &term_enums},
    };
    static const struct {
        const char *key;
        long *slot;
    } numbers[] = {
        {"kind_term", &kind_term},
        {"kind_term_note", &kind_term_note},
        {"kind_note", &kind_note},
        {"kind_descrip_admin", &kind_descrip_admin},
        {"kind_transactions", &kind_transactions},
        {"bit_text", &bit_text},
        {"bit_pos", &bit_pos},
        {"bit_source", &bit_source},
    };
    for (size_t i = 0; i < sizeof objects / sizeof *objects; i++)
        if (take(config, objects[i].key, objects[i].slot) < 0) return NULL;
    for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++)
        if (take_long(config, numbers[i].key, numbers[i].slot) < 0) return NULL;
    if (!PyDict_Check(concept_names) || !PyDict_Check(section_names) ||
        !PyDict_Check(term_kinds) || !PyDict_Check(note_values) || !PyDict_Check(note_langs) ||
        !PyDict_Check(descrips_admins) || !PyDict_Check(pos_values) || !PyType_Check(entry_cls) ||
        !PyType_Check(term_cls) || !PyType_Check(element_type) || !PyUnicode_Check(source_lang) ||
        !PyAnySet_Check(known_elements) || !PyDict_Check(known_types) || !PyUnicode_Check(tbx_ns) ||
        !PyTuple_Check(entry_fields) || !PyTuple_Check(term_fields) ||
        !PyDict_Check(entry_template) || !PyDict_Check(term_template) ||
        !PyTuple_Check(term_enums) || PyTuple_GET_SIZE(term_enums) != PyTuple_GET_SIZE(term_fields)) {
        PyErr_SetString(PyExc_TypeError, "configure: a table or class of the wrong type");
        return NULL;
    }
    terms_index = -1;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(entry_fields); i++)
        if (PyUnicode_Check(PyTuple_GET_ITEM(entry_fields, i)) &&
            PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(entry_fields, i), "terms") == 0)
            terms_index = i;
    if (terms_index < 0) {
        PyErr_SetString(PyExc_ValueError, "configure: an entry has no terms field");
        return NULL;
    }
    Py_XSETREF(notes_by_type, nest(note_values));
    Py_XSETREF(descrips_by_tag, nest(descrips_admins));
    if (!notes_by_type || !descrips_by_tag) return NULL;
    for (int i = 0; i < 256; i++) Py_CLEAR(givens[i]);
    Py_XSETREF(langs_seen, PyDict_New());
    if (langs_seen == NULL) return NULL;
    configured = 1;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"configure", configure, METH_O, "Hand over the Python fast path's tables and helpers."},
    {"pack", pack, METH_O,
     "pack(entries) -> (rows, fields-sets): the entries as tuples for the pipe."},
    {"models", models, METH_VARARGS,
     "models(rows, fields_sets) -> list of Entry: what ``pack`` took apart, rebuilt."},
    {"entry", entry, METH_O,
     "entry(el) -> (Entry, targets) or None: the fast path's answer for one entry element."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_cfast",
                                    "The TBX reader's fast path, compiled.", -1, methods};

PyMODINIT_FUNC PyInit__cfast(void) {
    if (import_lxml__etree() < 0) return NULL;
#define INTERN(var, text) \
    if ((var = PyUnicode_InternFromString(text)) == NULL) return NULL;
    INTERN(s_lang, "lang")
    INTERN(s_text, "text")
    INTERN(s_status, "status")
    INTERN(s_pos, "pos")
    INTERN(s_type, "type")
    INTERN(s_pinyin, "pinyin")
    INTERN(s_context, "context")
    INTERN(s_note, "note")
    INTERN(s_source, "source")
    INTERN(s_extra, "extra")
    INTERN(s_id, "id")
    INTERN(s_subjects, "subjects")
    INTERN(s_definitions, "definitions")
    INTERN(s_notes, "notes")
    INTERN(s_sources, "sources")
    INTERN(s_related, "related")
    INTERN(s_terms, "terms")
    INTERN(s_dict, "__dict__")
    INTERN(s_fields_set, "__pydantic_fields_set__")
    INTERN(s_pyd_extra, "__pydantic_extra__")
    INTERN(s_pyd_private, "__pydantic_private__")
    INTERN(s_strip, "strip")
    INTERN(s_value, "_value_")
#undef INTERN
    if ((empty_tuple = PyTuple_New(0)) == NULL) return NULL;
    return PyModule_Create(&module);
}
