/* SPDX-License-Identifier: MIT */
/*
 * verprov.h - the interface verprov exports, in two versions: built with
 * -DV2, struct verobj (reached from verprov_get() directly and from
 * verprov_deep() through two pointers and a typedef) has one more member,
 * so those two symbols change version; verprov_plain() does not.
 */
#ifndef VERPROV_H
#define VERPROV_H

struct verobj {
	int id;
#ifdef V2
	long generation;
#endif
	const char *name;
};

typedef struct verobj verobj_t;

struct verholder {
	verobj_t **slot;
	unsigned count;
};

int verprov_get(const struct verobj *o);
int verprov_deep(struct verholder *h);
int verprov_plain(int x);

#endif /* VERPROV_H */
