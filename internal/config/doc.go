// Package config reads ratingsite.toml, the file at a site's root that
// holds what a publisher sets once (the base URL, the categories, the map
// tiles, compression, the folders, the fetch and deploy settings), and
// merges it with the RATINGSITE_* environment variables and the command
// line.
//
// A value is taken from, in order of precedence:
//
//  1. the command line (a flag given explicitly);
//  2. the environment: RATINGSITE_ and the key in capitals with dots as
//     underscores, e.g. RATINGSITE_BASE_URL, RATINGSITE_DEPLOY_TARGET;
//  3. the file, ratingsite.toml (or the -config flag, or RATINGSITE_CONFIG);
//  4. the built-in default.
//
// A command merges the first three into its flags with [Apply] after
// parsing them: it sets every flag that was not given on the command line
// and that has a value in the environment or the file. Code that needs the
// settings without flags (deploy, say) calls [Load] and reads [Settings].
package config
