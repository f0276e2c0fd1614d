// SPDX-License-Identifier: LGPL-2.1-or-later
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "file-trust.h"
#include "ini-file.h"
#include "log.h"
#include "strparse.h"
#include "loader-config.h"
#include "loader-plugin.h"

#define CONFIG_FILE	"loader.conf"
#define CONFIG_DIR	"loader.conf.d"
#define CONFIG_SUFFIX	".conf"

struct loader_config *loader_config_new(void)
{
	struct loader_config *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->timeout = LOADER_TIMEOUT_DEFAULT;
	c->log_priority = -1;
	c->log_target = -1;
	c->default_loader = strdup("elf");
	if (!c->default_loader) {
		free(c);
		return NULL;
	}
	return c;
}

void loader_config_free(struct loader_config *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n_set; i++) {
		free(c->set[i].key);
		free(c->set[i].value);
	}
	for (i = 0; i < c->n_strings; i++)
		free(c->strings[i]);
	free(c->strings);
	free(c->set);
	free(c->firmware_path);
	free(c->default_loader);
	free(c);
}

/* Keep a string alive as long as the config, for settings to point to. */
static const char *config_intern(struct loader_config *c, const char *s)
{
	char **v;

	if (c->n_strings && strcmp(c->strings[c->n_strings - 1], s) == 0)
		return c->strings[c->n_strings - 1];
	v = realloc(c->strings, (c->n_strings + 1) * sizeof(*v));
	if (!v)
		return NULL;
	c->strings = v;
	v[c->n_strings] = strdup(s);
	if (!v[c->n_strings])
		return NULL;
	return v[c->n_strings++];
}

static int config_bad(const struct ini_pos *pos, const char *section,
		      const char *key, const char *value, const char *why)
{
	char esc[128];

	ERR("%s:%u: [%s] %s = '%s': %s", pos->path, pos->line, section, key,
	    strparse_escape(value, esc, sizeof(esc)), why);
	return -EINVAL;
}

static int config_set_string(char **dst, const char *value)
{
	char *s = strdup(value);

	if (!s)
		return -ENOMEM;
	free(*dst);
	*dst = s;
	return 0;
}

static int config_firmware_path_check(const char *value)
{
	const char *p = value;

	/* colon-separated absolute directories, none empty */
	for (;;) {
		const char *end = strchrnul(p, ':');

		if (end == p || p[0] != '/')
			return -EINVAL;
		if (*end == '\0')
			break;
		p = end + 1;
	}
	for (p = value; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return -EINVAL;
	return 0;
}

static int config_global(struct loader_config *c, const struct ini_pos *pos,
			 const char *section, const char *key, const char *value)
{
	uint32_t t;
	int r;

	if (strcmp(key, "firmware_path") == 0) {
		if (config_firmware_path_check(value) < 0)
			return config_bad(pos, section, key, value,
					  "expected absolute directories separated by ':'");
		return config_set_string(&c->firmware_path, value);
	}
	if (strcmp(key, "default_loader") == 0) {
		if (!loader_plugin_name_is_valid(value))
			return config_bad(pos, section, key, value,
					  "expected a plugin name (a-z 0-9 _ -)");
		return config_set_string(&c->default_loader, value);
	}
	if (strcmp(key, "timeout") == 0) {
		if (strparse_u32(value, &t) < 0 || t < 1 || t > LOADER_TIMEOUT_MAX)
			return config_bad(pos, section, key, value,
					  "expected seconds, 1 to 170");
		c->timeout = t;
		return 0;
	}
	if (strcmp(key, "log_level") == 0) {
		r = log_priority_from_string(value);
		if (r < 0)
			return config_bad(pos, section, key, value,
					  "expected emerg, alert, crit, err, warning, notice, info, debug or 0-7");
		c->log_priority = r;
		return 0;
	}
	if (strcmp(key, "log_target") == 0) {
		r = log_target_from_string(value);
		if (r < 0)
			return config_bad(pos, section, key, value,
					  "expected stderr or syslog");
		c->log_target = r;
		return 0;
	}
	return config_bad(pos, section, key, value,
			  "unknown key (expected firmware_path, default_loader, timeout, log_level, log_target)");
}

static bool option_key_is_valid(const char *key)
{
	char plugin[LOADER_PLUGIN_NAME_MAX + 1];
	const char *dot = strchr(key, '.');
	const char *p;

	if (!dot || (size_t)(dot - key) > LOADER_PLUGIN_NAME_MAX || !dot[1])
		return false;
	memcpy(plugin, key, (size_t)(dot - key));
	plugin[dot - key] = '\0';
	if (!loader_plugin_name_is_valid(plugin))
		return false;
	for (p = dot + 1; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '-'))
			return false;
	return true;
}

static int config_scoped(struct loader_config *c, const struct ini_pos *pos,
			 enum loader_scope scope, const char *section,
			 const char *pattern, const char *key, const char *value)
{
	struct loader_setting *s;

	if (strcmp(key, "loader") == 0) {
		if (!loader_plugin_name_is_valid(value))
			return config_bad(pos, section, key, value,
					  "expected a plugin name (a-z 0-9 _ -)");
	} else if (!option_key_is_valid(key)) {
		return config_bad(pos, section, key, value,
				  "unknown key (expected 'loader' or a plugin option 'PLUGIN.OPTION')");
	}
	s = realloc(c->set, (c->n_set + 1) * sizeof(*s));
	if (!s)
		return -ENOMEM;
	c->set = s;
	s = &c->set[c->n_set];
	memset(s, 0, sizeof(*s));
	s->scope = scope;
	s->line = pos->line;
	s->pattern = config_intern(c, pattern);
	s->file = config_intern(c, pos->path);
	s->key = strdup(key);
	s->value = strdup(value);
	if (!s->pattern || !s->file || !s->key || !s->value) {
		free(s->key);
		free(s->value);
		return -ENOMEM;
	}
	c->n_set++;
	return 0;
}

static int config_handler(void *user, const struct ini_pos *pos,
			  const char *section, const char *key, const char *value)
{
	struct loader_config *c = user;
	char esc[128];

	if (strcmp(section, "loader") == 0)
		return config_global(c, pos, section, key, value);
	if (strncmp(section, "rproc ", 6) == 0 && section[6])
		return config_scoped(c, pos, LOADER_SCOPE_RPROC, section,
				     section + 6, key, value);
	if (strncmp(section, "firmware ", 9) == 0 && section[9])
		return config_scoped(c, pos, LOADER_SCOPE_FIRMWARE, section,
				     section + 9, key, value);
	ERR("%s:%u: unknown section [%s] (expected [loader], [rproc GLOB] or [firmware GLOB])",
	    pos->path, pos->line, strparse_escape(section, esc, sizeof(esc)));
	return -EINVAL;
}

int loader_config_parse_file(struct loader_config *c, const char *path)
{
	/* the config names the code we run as root: only root's, or ours */
	int err = file_trust_path_check(path, 0, "config file");

	if (err < 0)
		return err;
	return ini_file_parse(path, config_handler, c);
}

/*
 * A file that is not there: no error when nothing is at path, but a
 * symbolic link to nowhere is a mistake to report, and so is a drop-in that
 * was listed and is gone.
 */
static int config_missing(const char *path, bool listed)
{
	struct stat st;

	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		ERR("%s: cannot open: a symbolic link to nothing", path);
		return -ENOENT;
	}
	if (listed) {
		ERR("%s: cannot open: %s", path, strerror(ENOENT));
		return -ENOENT;
	}
	return 0;
}

static int conf_filter(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > strlen(CONFIG_SUFFIX) &&
	       strcmp(d->d_name + n - strlen(CONFIG_SUFFIX), CONFIG_SUFFIX) == 0;
}

/* byte order, not the locale's: the same files load in the same order everywhere */
static int conf_compare(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int loader_config_load(const char *confdir, struct loader_config **out)
{
	struct loader_config *c;
	struct dirent **names = NULL;
	char *path = NULL;
	int n = 0, i, err, first;

	c = loader_config_new();
	if (!c)
		return -ENOMEM;
	err = file_trust_path_check(confdir, S_IFDIR, "config directory");
	if (err < 0 && err != -ENOENT)
		goto err_free;
	if (asprintf(&path, "%s/%s", confdir, CONFIG_FILE) < 0) {
		err = -ENOMEM;
		goto err_free;
	}
	/* go on after a broken file: every broken file is reported at once */
	first = loader_config_parse_file(c, path);
	if (first == -ENOENT)
		first = config_missing(path, false);
	free(path);

	if (asprintf(&path, "%s/%s", confdir, CONFIG_DIR) < 0) {
		err = -ENOMEM;
		goto err_free;
	}
	err = file_trust_path_check(path, 0, "config directory");
	if (err < 0 && err != -ENOENT)
		goto err_free_path;
	n = scandir(path, &names, conf_filter, conf_compare);
	if (n < 0) {
		err = -errno;
		n = 0;
		if (err == -ENOENT)
			err = config_missing(path, false);
		else
			ERR("%s: cannot read: %s", path, strerror(-err));
		if (err < 0)
			goto err_free_path;
	}
	err = 0;
	for (i = 0; i < n; i++) {
		char *f;
		int r;

		if (asprintf(&f, "%s/%s", path, names[i]->d_name) < 0) {
			err = -ENOMEM;
			break;
		}
		r = loader_config_parse_file(c, f);
		if (r == -ENOENT)
			r = config_missing(f, true);
		free(f);
		if (r < 0 && !err)
			err = r;
	}
	if (!err)
		err = first;
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (err < 0)
		goto err_free_path;
	free(path);
	*out = c;
	return 0;

err_free_path:
	free(path);
err_free:
	loader_config_free(c);
	return err;
}

static bool setting_matches(const struct loader_setting *s, const char *rproc,
			    const char *firmware)
{
	const char *subject = s->scope == LOADER_SCOPE_RPROC ? rproc : firmware;

	return subject && fnmatch(s->pattern, subject, 0) == 0;
}

int loader_config_select(const struct loader_config *c, const char *rproc,
			 const char *firmware, struct loader_selection *sel)
{
	static const enum loader_scope order[] = {
		LOADER_SCOPE_RPROC, LOADER_SCOPE_FIRMWARE,
	};
	size_t i, j, k;

	memset(sel, 0, sizeof(*sel));
	if (c->n_set) {
		sel->opts = calloc(c->n_set, sizeof(*sel->opts));
		if (!sel->opts)
			return -ENOMEM;
	}
	/* [rproc] sections first, then [firmware]: the more specific wins */
	for (k = 0; k < ARRAY_SIZE(order); k++) {
		for (i = 0; i < c->n_set; i++) {
			const struct loader_setting *s = &c->set[i];

			if (s->scope != order[k] || !setting_matches(s, rproc, firmware))
				continue;
			if (strcmp(s->key, "loader") == 0) {
				sel->loader = s;
				continue;
			}
			for (j = 0; j < sel->n_opts; j++)
				if (strcmp(sel->opts[j]->key, s->key) == 0)
					break;
			sel->opts[j] = s;
			if (j == sel->n_opts)
				sel->n_opts++;
		}
	}
	return 0;
}

void loader_selection_release(struct loader_selection *sel)
{
	free(sel->opts);
	memset(sel, 0, sizeof(*sel));
}
